package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.ConversationStore;

import org.cpmmss.recording.port.CpmStateStore;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.locks.Lock;

import javax.inject.Inject;
import javax.inject.Singleton;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.mime.HeaderField;
import org.cpmmss.cpm.mime.MimePart;
import org.cpmmss.cpm.object.CpmHeaders;
import org.cpmmss.cpm.object.CpmObjectClassifier;
import org.cpmmss.cpm.object.CpmObjectHeaders;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.object.StoredObject;
import org.cpmmss.cpm.session.SessionHistory;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;
import org.cpmmss.cpm.session.SessionPart;
import org.cpmmss.recording.verdict.OwnerVerdict;

import com.google.common.util.concurrent.Striped;

/**
 * Turns a held session (on-completion) into the single {@code multipart/related;
 * type="Application/X-CPM-Session"} object: the session info first, then every held part in arrival
 * order (chat messages and disposition notifications as {@code message/cpim} parts, Group State
 * Objects, media), stored under the session-info object's key. Every part's key is then recorded as
 * stored in that object, so a resent part is a duplicate, and the held state is dropped. Safe to repeat
 * after a crash at any point (the boundary is derived from the key, the store is idempotent).
 */
@Singleton
public class SessionAssembler {
    private final CpmStateStore state;
    private final ConversationStore store;
    private final Striped<Lock> locks = Striped.lazyWeakLock(256);

    @Inject
    public SessionAssembler(CpmStateStore state, ConversationStore store) {
        this.state = state;
        this.store = store;
    }

    /** Runs {@code work} holding the lock of one owner's session. */
    public <T> T withSession(String owner, String contributionId, Callable<T> work) throws Exception {
        Lock lock = locks.get(owner.toLowerCase(Locale.ROOT) + "\n" + contributionId);
        lock.lock();
        try {
            return work.call();
        } finally {
            lock.unlock();
        }
    }

    /** Assembles and stores the session; empty when no session is held (already assembled). Call under {@link #withSession}. */
    public Optional<OwnerVerdict> assemble(String owner, String contributionId) throws Exception {
        Optional<CpmStateStore.HeldSession> held = state.heldSession(owner, contributionId);
        if (held.isEmpty()) {
            return Optional.empty();
        }
        CpmStateStore.HeldSession session = held.get();
        List<CpmStateStore.HeldPart> parts = state.parts(owner, contributionId);
        StoredObject info = StoredObject.parse(session.info());
        SessionObjects sessions = new SessionObjects();
        SessionInfo sessionInfo = sessions.readSessionInfo(info);
        List<SessionPart> sessionParts = new ArrayList<>();
        for (CpmStateStore.HeldPart part : parts) {
            toSessionPart(StoredObject.parse(part.bytes())).ifPresent(sessionParts::add);
        }
        CpmObjectHeaders headers = info.headers().toBuilder()
            .direction(Direction.fromHeader(session.direction()))
            .extra(CpmHeaders.CPM_SESSION_STATE, null)
            .build();
        StoredObject object = sessions.sessionHistoryObject(headers, new SessionHistory(sessionInfo, sessionParts),
            boundary(session.infoKey()));
        OwnerVerdict.Filed outcome = store.store(owner, OwnerFolders.parse(session.folder()), session.infoKey(), object.bytes(),
            "sent".equals(session.direction()));
        for (CpmStateStore.HeldPart part : parts) {
            state.markDone(owner, part.key(), session.folder(), outcome.uidValidity(), outcome.uid());
        }
        state.deleteSession(owner, contributionId);
        return Optional.of(outcome);
    }

    private static Optional<SessionPart> toSessionPart(StoredObject object) throws CpmFormatException {
        CpmObjectType type = new CpmObjectClassifier().classify(object);
        return switch (type) {
            case CHAT_MESSAGE, SMS, MMS, CPIM_OTHER, FILE_TRANSFER_HTTP -> object.contentType().is(CpmHeaders.CONTENT_TYPE_CPIM)
                ? Optional.of(new SessionPart(SessionPart.Kind.CHAT_MESSAGE, cpimPart(object)))
                : Optional.of(new SessionPart(SessionPart.Kind.MEDIA, mediaPart(object)));
            case DISPOSITION_NOTIFICATION -> Optional.of(new SessionPart(SessionPart.Kind.DISPOSITION_NOTIFICATION, cpimPart(object)));
            case GROUP_STATE -> Optional.of(new SessionPart(SessionPart.Kind.GROUP_STATE, MimePart.of(
                List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_GROUP_STATE)), object.part().decodedBody())));
            case SESSION_INFO, SESSION_HISTORY -> Optional.empty();
            default -> Optional.of(new SessionPart(SessionPart.Kind.MEDIA, mediaPart(object)));
        };
    }

    private static MimePart cpimPart(StoredObject object) throws CpmFormatException {
        return MimePart.of(List.of(new HeaderField(CpmHeaders.CONTENT_TYPE, CpmHeaders.CONTENT_TYPE_CPIM)),
            object.part().decodedBody());
    }

    private static MimePart mediaPart(StoredObject object) throws CpmFormatException {
        List<HeaderField> fields = new ArrayList<>();
        for (HeaderField f : object.part().headers()) {
            if (f.is(CpmHeaders.CONTENT_TYPE) || f.is(CpmHeaders.CONTENT_TRANSFER_ENCODING) || f.is(CpmHeaders.CONTENT_ID)
                || f.is("Content-Disposition")) {
                fields.add(f);
            }
        }
        return MimePart.of(fields, object.body());
    }

    private static String boundary(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return "cpm-session-" + HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
