package io.dynsync.validate;

/**
 * The setup check found a problem at start-up. Its message lists the failed lines, each naming the
 * setting or file at fault; a stack trace would only bury them, so it has none.
 */
public class SetupCheckFailed extends IllegalStateException {

    public SetupCheckFailed(String message) {
        super(message);
        setStackTrace(new StackTraceElement[0]);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
