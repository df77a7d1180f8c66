package org.cpmmss.james.ops.viewer;

import java.util.Optional;

import org.cpmmss.cpm.groupstate.GroupState;

/**
 * The members of a group conversation: which Group State Object is the latest (by timestamp, then UID; on the page or
 * outside it) and its participants as a list above the messages. Everything taken from an object is escaped.
 */
final class GroupStateRenderer {
    private GroupStateRenderer() {
    }

    /** A readable group state and the UID of its object. */
    record Latest(GroupState state, long uid) {
    }

    /**
     * {@code candidate}'s group state when it is newer than {@code latest} (by timestamp, then UID); empty when it is
     * not, or when it cannot be read (then {@code candidate.groupStateUnreadable} is set).
     */
    static Optional<Latest> newer(Latest latest, ParsedItem candidate) {
        try {
            GroupState state = GroupState.parse(candidate.object.part().decodedBody());
            long uid = candidate.item.uid();
            if (latest == null || state.timestamp().isAfter(latest.state.timestamp())
                || (state.timestamp().isEqual(latest.state.timestamp()) && uid > latest.uid)) {
                return Optional.of(new Latest(state, uid));
            }
            return Optional.empty();
        } catch (Exception e) {
            candidate.groupStateUnreadable = true;
            return Optional.empty();
        }
    }

    static void members(StringBuilder out, GroupState state) {
        out.append("<section class=\"members\"><h2>Members</h2><p class=\"group-meta\">")
            .append(Html.escape(state.groupType())).append(" group, state of ")
            .append(ViewerPage.time(state.timestamp())).append("</p><ul>");
        for (GroupState.Participant participant : state.participants()) {
            out.append("<li class=\"member\" data-addr=\"").append(Html.escape(participant.commAddr())).append("\">");
            String name = participant.name();
            if (name != null && !name.isBlank()) {
                out.append("<span class=\"member-name\">").append(Html.escape(name)).append("</span> ");
            }
            out.append("<span class=\"member-addr\">").append(Html.escape(participant.commAddr())).append("</span></li>");
        }
        out.append("</ul></section>");
    }
}
