package org.cpmmss.recording.pipeline;

import org.cpmmss.recording.port.CpmStateStore;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import javax.inject.Inject;
import javax.mail.MessagingException;

import org.apache.james.core.MailAddress;
import org.apache.mailet.Mail;
import org.apache.mailet.base.GenericMailet;
import org.cpmmss.cpm.folder.FolderPath;
import org.cpmmss.cpm.object.CpmObjectType;
import org.cpmmss.recording.CpmInspection;
import org.cpmmss.recording.CpmMailAttributes;
import org.cpmmss.recording.verdict.VerdictRegistry;
import org.cpmmss.recording.verdict.OwnerVerdict;
import org.cpmmss.recording.policy.CpmPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Session recording under {@code cpm.recording.session-mode=on-completion} (does nothing under
 * {@code incremental}). Per owner:
 * <ul>
 *   <li>a session info object opens a held session (HELD), unless it also carries
 *       {@code CPM-Session-State: ended} (a session without further parts: stored as it is);</li>
 *   <li>an object with the Contribution-ID of an open session is held as its next part (HELD; a repeat is
 *       HELD "already held");</li>
 *   <li>the object carrying {@code CPM-Session-State: ended} is held too and the session is assembled and
 *       stored at once as one object ({@link SessionAssembler}): STORED;</li>
 *   <li>a ready-made session history object, and objects of no open session, go on to be stored as they are.</li>
 * </ul>
 * Held state lives in the {@link CpmStateStore} (durable). A sweeper assembles sessions idle for
 * {@code cpm.recording.session-idle-timeout}, including sessions held before a restart.
 *
 * <p>Pipeline step 8 of 9 (conf/mailetcontainer.xml, mailet of the {@code cpm} processor):
 * after {@link DispositionNotifications}, before {@link FileIntoConversation}.</p>
 */
public class SessionCollector extends GenericMailet {
    private static final Logger LOGGER = LoggerFactory.getLogger(SessionCollector.class);

    private final CpmPolicy policy;
    private final CpmStateStore state;
    private final SessionAssembler assembler;
    private final VerdictRegistry outcomes;
    private final Clock clock;
    private ScheduledExecutorService sweeper;

    @Inject
    public SessionCollector(CpmPolicy policy, CpmStateStore state, SessionAssembler assembler,
                            VerdictRegistry outcomes, Clock clock) {
        this.policy = policy;
        this.state = state;
        this.assembler = assembler;
        this.outcomes = outcomes;
        this.clock = clock;
    }

    @Override
    public void init() {
        if (policy.sessionMode() != CpmPolicy.SessionMode.ON_COMPLETION) {
            return;
        }
        long period = Math.max(1000, Math.min(30_000, policy.sessionIdleTimeout().toMillis() / 4));
        sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "cpm-session-idle-sweeper");
            thread.setDaemon(true); // never keeps the JVM alive after the server stopped
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void destroy() {
        if (sweeper != null) {
            sweeper.shutdownNow();
        }
    }

    /** Assembles every session idle for longer than the configured timeout. */
    public void sweep() {
        Duration timeout = policy.sessionIdleTimeout();
        try {
            for (CpmStateStore.HeldSession idle : state.claimIdleSessions(clock.instant().minus(timeout))) {
                try {
                    assembler.withSession(idle.owner(), idle.contributionId(),
                        () -> assembler.assemble(idle.owner(), idle.contributionId()));
                } catch (Exception e) {
                    LOGGER.warn("assembling idle session {} of {} failed; will retry", idle.contributionId(), idle.owner(), e);
                }
            }
        } catch (RuntimeException e) {
            LOGGER.warn("session idle sweep failed", e);
        }
    }

    @Override
    public void service(Mail mail) throws MessagingException {
        if (policy.sessionMode() != CpmPolicy.SessionMode.ON_COMPLETION) {
            return;
        }
        CpmInspection object = CpmMailAttributes.inspection(mail)
            .orElseThrow(() -> new MessagingException("SessionCollector needs ValidateCpmObject first"));
        if (object.type() == CpmObjectType.SESSION_HISTORY || object.contributionId().isEmpty()
                || CpmMailAttributes.handedOverNotification(mail)) {
            return;
        }
        String contribution = object.contributionId().get();
        byte[] raw = null;
        List<MailAddress> remaining = new ArrayList<>();
        for (MailAddress owner : mail.getRecipients()) {
            if (raw == null) {
                raw = ValidateCpmObject.objectBytes(mail);
            }
            byte[] bytes = raw;
            try {
                Optional<OwnerVerdict> outcome = assembler.withSession(owner.asString(), contribution,
                    () -> collect(mail, owner, object, contribution, bytes));
                if (outcome.isPresent()) {
                    outcomes.record(mail, owner.asString(), outcome.get());
                } else {
                    remaining.add(owner);
                }
            } catch (Exception e) {
                LOGGER.warn("holding {} for {} failed", object.key(), owner.asString(), e);
                if (!outcomes.isOpen(mail)) {
                    throw new MessagingException("holding a session part failed", e);
                }
                outcomes.record(mail, owner.asString(), OwnerVerdict.TemporaryFailure.STORAGE);
            }
        }
        mail.setRecipients(remaining);
        if (remaining.isEmpty()) {
            mail.setState(Mail.GHOST);
        }
    }

    /** One owner; empty = not a held part, let the object be stored as it is. */
    private Optional<OwnerVerdict> collect(Mail mail, MailAddress owner, CpmInspection object, String contribution,
                                           byte[] raw) throws Exception {
        String who = owner.asString();
        Optional<CpmStateStore.HeldSession> open = state.heldSession(who, contribution);
        if (object.type() == CpmObjectType.SESSION_INFO) {
            if (open.isPresent()) {
                return object.sessionEnded() ? assembler.assemble(who, contribution)
                    : Optional.of(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.SESSION_ALREADY_OPEN));
            }
            if (object.sessionEnded() || state.recorded(who, object.key()).isPresent()) {
                return Optional.empty();
            }
            FolderPath folder = OwnerFolders.of(mail, owner).orElseThrow();
            String direction = ConversationFolders.isOriginator(owner, object.originator()) ? "sent" : "received";
            state.rememberSessionKind(who, contribution, object.group().orElse(false));
            state.openSession(new CpmStateStore.HeldSession(who, contribution, folder.path(), object.key(), direction,
                raw, clock.instant()));
            return Optional.of(new OwnerVerdict.HeldInSession(OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS));
        }
        if (open.isEmpty()) {
            return Optional.empty();
        }
        boolean added = state.addPart(who, contribution, object.key(), raw, clock.instant());
        if (object.sessionEnded()) {
            return assembler.assemble(who, contribution);
        }
        return Optional.of(new OwnerVerdict.HeldInSession(added ? OwnerVerdict.HeldInSession.Hold.UNTIL_SESSION_ENDS
            : OwnerVerdict.HeldInSession.Hold.ALREADY_HELD));
    }

    @Override
    public String getMailetInfo() {
        return "cpm-mss: hold session parts until the session ends (on-completion)";
    }
}
