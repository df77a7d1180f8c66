package org.cpmmss.james.ops.viewer;

import org.cpmmss.cpm.address.CpmAddressNormalizer;
import org.cpmmss.cpm.cpim.CpimMessage;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.cpm.object.Direction;
import org.cpmmss.cpm.session.SessionHistory;
import org.cpmmss.cpm.session.SessionInfo;
import org.cpmmss.cpm.session.SessionObjects;

/**
 * Chat sessions on a conversation page: a session info object as a system line (type, who started it, who was
 * invited), and a stored session history as that line followed by a bubble per chat message of the session, sent or
 * received as seen by the owner (a message is the owner's when its sender, normalised, is the inviter and the owner
 * sent the invitation, or neither).
 */
final class SessionRenderer {
    private final SessionObjects sessions = new SessionObjects();
    private final CpmAddressNormalizer normalizer;

    SessionRenderer(CpmAddressNormalizer normalizer) {
        this.normalizer = normalizer;
    }

    String sessionInfo(ParsedItem p) throws Exception {
        return sessionInfo(sessions.readSessionInfo(p.object), p);
    }

    private String sessionInfo(SessionInfo info, ParsedItem p) {
        StringBuilder out = new StringBuilder("<span class=\"session\">");
        out.append(Html.escape(info.sessionType())).append(" chat session");
        p.from.ifPresent(f -> out.append(" started by ").append(Html.escape(f)));
        if (!info.invitedParticipants().isEmpty()) {
            out.append(", invited: ").append(Html.escape(String.join(", ", info.invitedParticipants())));
        }
        return out.append("</span>").toString();
    }

    String sessionHistory(ParsedItem p) throws Exception {
        SessionHistory history = sessions.readSessionHistory(p.object);
        StringBuilder out = new StringBuilder(BubbleRenderer.system(p, sessionInfo(history.info(), p)));
        String inviter = p.from.map(this::normalized).orElse("");
        for (CpimMessage chat : history.chatMessages()) {
            ParsedItem part = new ParsedItem(p.item);
            part.type = CpmObjectType.CHAT_MESSAGE;
            part.cpim = chat;
            part.from = chat.from().map(SessionRenderer::stripAngles);
            boolean byInviter = part.from.map(this::normalized).orElse("-").equals(inviter);
            part.direction = byInviter == (p.direction == Direction.SENT) ? Direction.SENT : Direction.RECEIVED;
            part.imdnId = chat.imdnMessageId();
            part.time = chat.dateTime().orElse(p.time);
            out.append(BubbleRenderer.bubble(part, BubbleRenderer.text(part), BubbleRenderer.Dispositions.NONE));
        }
        return out.toString();
    }

    private String normalized(String address) {
        try {
            return normalizer.normalize(stripAngles(address)).uri();
        } catch (Exception e) {
            return address.trim();
        }
    }

    private static String stripAngles(String value) {
        String v = value.trim();
        int lt = v.indexOf('<');
        int gt = v.lastIndexOf('>');
        return lt >= 0 && gt > lt ? v.substring(lt + 1, gt) : v;
    }
}
