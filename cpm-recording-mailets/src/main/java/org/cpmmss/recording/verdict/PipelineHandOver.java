package org.cpmmss.recording.verdict;

import org.apache.mailet.Mail;

/**
 * The one way into the recording pipeline: every door (SMTP/LMTP, HTTP, SIP) and the deferred queue's release hand
 * a mail to it and get a verdict per owner back. The mail's recipients are the owners; the pipeline runs in the
 * caller's thread, so each verdict is final (committed and forced) when this returns. The caller owns the mail
 * (and disposes of it).
 */
public interface PipelineHandOver {
    /** Runs the pipeline on {@code mail}; the verdict of each owner the pipeline decided on. */
    OwnerVerdicts handOver(Mail mail) throws PipelineFailure;

    /** The pipeline itself failed (not an owner's verdict): nothing is acknowledged, the submitter may retry. */
    class PipelineFailure extends Exception {
        private static final long serialVersionUID = 1L;

        public PipelineFailure(Throwable cause) {
            super(cause);
        }
    }
}
