package org.cpmmss.james.sip;

import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import gov.nist.core.StackLogger;

/** Routes the NIST SIP stack's own logging to SLF4J (logger {@code gov.nist.javax.sip}); the stack's log4j default is not on the classpath. */
public class Slf4jStackLogger implements StackLogger {
    private static final Logger LOGGER = LoggerFactory.getLogger("gov.nist.javax.sip");

    @Override
    public void logStackTrace() {
    }

    @Override
    public void logStackTrace(int level) {
    }

    @Override
    public int getLineCount() {
        return 0;
    }

    @Override
    public void logException(Throwable t) {
        LOGGER.warn("SIP stack exception", t);
    }

    @Override
    public void logDebug(String message) {
        LOGGER.debug(message);
    }

    @Override
    public void logDebug(String message, Exception e) {
        LOGGER.debug(message, e);
    }

    @Override
    public void logTrace(String message) {
        LOGGER.trace(message);
    }

    @Override
    public void logFatalError(String message) {
        LOGGER.error(message);
    }

    @Override
    public void logError(String message) {
        LOGGER.error(message);
    }

    @Override
    public boolean isLoggingEnabled() {
        return LOGGER.isDebugEnabled();
    }

    @Override
    public boolean isLoggingEnabled(int level) {
        if (level >= TRACE_DEBUG) {
            return LOGGER.isDebugEnabled();
        }
        if (level >= TRACE_INFO) {
            return LOGGER.isInfoEnabled();
        }
        if (level >= TRACE_WARN) {
            return LOGGER.isWarnEnabled();
        }
        return LOGGER.isErrorEnabled();
    }

    @Override
    public void logError(String message, Exception e) {
        LOGGER.error(message, e);
    }

    @Override
    public void logWarning(String message) {
        LOGGER.warn(message);
    }

    @Override
    public void logInfo(String message) {
        LOGGER.info(message);
    }

    @Override
    public void disableLogging() {
    }

    @Override
    public void enableLogging() {
    }

    @Override
    public void setBuildTimeStamp(String buildTimeStamp) {
    }

    @Override
    public void setStackProperties(Properties properties) {
    }

    @Override
    public String getLoggerName() {
        return LOGGER.getName();
    }
}
