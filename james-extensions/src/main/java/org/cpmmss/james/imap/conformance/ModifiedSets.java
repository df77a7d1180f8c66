package org.cpmmss.james.imap.conformance;

import java.lang.reflect.Constructor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import org.apache.james.imap.api.message.response.ImapResponseMessage;
import org.apache.james.imap.api.message.response.StatusResponse;
import org.apache.james.imap.api.message.response.StatusResponse.ResponseCode;
import org.apache.james.imap.api.process.ImapProcessor.Responder;
import org.apache.james.imap.message.request.StoreRequest;
import org.apache.james.imap.message.response.UnpooledStatusResponseFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MODIFIED response code of a conditional STORE (RFC 7162 3.1.3) written as its syntax has it,
 * {@code [MODIFIED 7,9]}: James 3.8.1 builds the code with the number 0, which its encoder writes before the set —
 * {@code [MODIFIED 0 7,9]}, which a client reads as a malformed set (or as "message 0 failed"). This responder, put
 * in front of a STORE (UNCHANGEDSINCE …)'s own, answers the same status with the code rebuilt without that number.
 * James's ResponseCode has no public way to build a code with a set and no number: the one constructor that does is
 * called by reflection, once; should it not be there (another James), the answer stays James's and this is logged.
 */
final class ModifiedSets implements Responder {
    private static final Logger LOGGER = LoggerFactory.getLogger(ModifiedSets.class);
    private static final UnpooledStatusResponseFactory STATUS_RESPONSES = new UnpooledStatusResponseFactory();
    private static final String MODIFIED = "MODIFIED";
    private static final Optional<Constructor<ResponseCode>> WITH_SET = withSet();

    private final Responder delegate;

    private ModifiedSets(Responder delegate) {
        this.delegate = delegate;
    }

    /** {@code responder} itself unless {@code request} is a conditional STORE. */
    static Responder wrap(Responder responder, StoreRequest request) {
        return request.getUnchangedSince() != -1 && WITH_SET.isPresent() ? new ModifiedSets(responder) : responder;
    }

    @Override
    public void respond(ImapResponseMessage message) {
        delegate.respond(corrected(message));
    }

    private static ImapResponseMessage corrected(ImapResponseMessage message) {
        if (!(message instanceof StatusResponse)) {
            return message;
        }
        StatusResponse status = (StatusResponse) message;
        ResponseCode code = status.getResponseCode();
        if (status.getTag() == null || code == null || !MODIFIED.equals(code.getCode())
            || code.getNumber() == ResponseCode.NO_NUMBER) {
            return message;
        }
        ResponseCode set = setOnly(code.getParameters());
        if (set == null) {
            return message;
        }
        return status.getServerResponseType() == StatusResponse.Type.OK
            ? STATUS_RESPONSES.taggedOk(status.getTag(), status.getCommand(), status.getTextKey(), set)
            : message;
    }

    private static ResponseCode setOnly(Collection<String> parameters) {
        try {
            return WITH_SET.get().newInstance(MODIFIED, List.copyOf(parameters), (long) ResponseCode.NO_NUMBER, false);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("MODIFIED answered as James builds it: {}", e.toString());
            return null;
        }
    }

    private static Optional<Constructor<ResponseCode>> withSet() {
        try {
            Constructor<ResponseCode> constructor =
                ResponseCode.class.getDeclaredConstructor(String.class, Collection.class, long.class, boolean.class);
            constructor.setAccessible(true);
            return Optional.of(constructor);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOGGER.warn("James's ResponseCode cannot be built with a set only; MODIFIED stays as James writes it: {}",
                e.toString());
            return Optional.empty();
        }
    }

    @Override
    public void flush() {
        delegate.flush();
    }
}
