package io.dynsync.store;

/** A store operation failed; the message says which, the cause says why. */
public class StoreException extends RuntimeException {

    public StoreException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
