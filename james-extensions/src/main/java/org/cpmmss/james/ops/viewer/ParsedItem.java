package org.cpmmss.james.ops.viewer;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

import org.cpmmss.cpm.CpmDates;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;

/**
 * An object of the folder with what the renderer reads from it: its type, direction, sender, IMDN id and time (the
 * CPIM {@code DateTime}, else the {@code Date} header, else the internal date). An object that cannot be read keeps
 * what was read so far and shows as an unknown object.
 */
final class ParsedItem {
    final StoredItem item;
    StoredObject object;
    CpmObjectHeaders headers;
    CpmObjectType type = CpmObjectType.MEDIA;
    CpimMessage cpim;
    Direction direction = Direction.RECEIVED;
    Optional<String> from = Optional.empty();
    Optional<String> imdnId = Optional.empty();
    OffsetDateTime time;
    boolean groupStateUnreadable;

    ParsedItem(StoredItem item) {
        this.item = item;
        this.time = OffsetDateTime.ofInstant(item.internalDate() == null ? Instant.EPOCH : item.internalDate(), ZoneOffset.UTC);
    }

    static ParsedItem of(StoredItem item, CpmObjectClassifier classifier) {
        ParsedItem p = new ParsedItem(item);
        try {
            p.object = StoredObject.parse(item.raw());
            p.headers = p.object.headers();
            p.type = classifier.classify(p.object);
            p.direction = p.headers.direction().orElse(Direction.RECEIVED);
            p.from = p.headers.from();
            p.imdnId = p.headers.imdnMessageId();
            if (p.object.contentType().is("message/cpim")) {
                p.cpim = CpimMessage.parse(p.object.body());
                if (p.imdnId.isEmpty()) {
                    p.imdnId = p.cpim.imdnMessageId();
                }
                Optional<OffsetDateTime> dateTime = safe(p.cpim);
                if (dateTime.isPresent()) {
                    p.time = dateTime.get();
                    return p;
                }
            }
            Optional<String> date = p.headers.date();
            if (date.isPresent()) {
                p.time = CpmDates.parseMailDate(date.get().trim());
            }
        } catch (Exception e) {
            if (p.type == null) {
                p.type = CpmObjectType.MEDIA;
            }
        }
        return p;
    }

    private static Optional<OffsetDateTime> safe(CpimMessage cpim) {
        try {
            return cpim.dateTime();
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
