package org.cpmmss.cpm.session;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import org.cpmmss.cpm.CpmFormatException;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.groupstate.GroupState;
import org.cpmmss.cpm.imdn.ImdnCpim;
import org.cpmmss.cpm.imdn.ImdnNotification;
import org.cpmmss.cpm.mime.MimePart;

/**
 * The content of a session history "single object" ({@code multipart/related; type="Application/X-CPM-Session"}):
 * the session info (first part) and, in order, chat messages, disposition notifications, media and Group
 * State Objects.
 */
public record SessionHistory(SessionInfo info, List<SessionPart> parts) {
    public SessionHistory {
        Objects.requireNonNull(info);
        parts = List.copyOf(parts);
    }

    public List<CpimMessage> chatMessages() throws CpmFormatException {
        List<CpimMessage> out = new ArrayList<>();
        for (SessionPart p : parts) {
            if (p.kind() == SessionPart.Kind.CHAT_MESSAGE) {
                out.add(p.cpim());
            }
        }
        return out;
    }

    public List<ImdnNotification> notifications() throws CpmFormatException {
        List<ImdnNotification> out = new ArrayList<>();
        for (SessionPart p : parts) {
            if (p.kind() == SessionPart.Kind.DISPOSITION_NOTIFICATION) {
                out.add(ImdnCpim.unwrap(p.cpim()));
            }
        }
        return out;
    }

    public List<GroupState> groupStates() throws CpmFormatException {
        List<GroupState> out = new ArrayList<>();
        for (SessionPart p : parts) {
            if (p.kind() == SessionPart.Kind.GROUP_STATE) {
                out.add(GroupState.parse(p.part().decodedBody()));
            }
        }
        return out;
    }

    public List<MimePart> media() {
        return parts.stream().filter(p -> p.kind() == SessionPart.Kind.MEDIA).map(SessionPart::part).toList();
    }
}
