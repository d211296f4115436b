package io.dynsync.dynamics;

/**
 * Entra ID or Dynamics refused the configured credentials. The message names the setting at fault,
 * never its value, and carries no cause whose text could hold one.
 */
public class CredentialsRefused extends RuntimeException {

    public CredentialsRefused(String message) {
        super(message, null, false, false);
    }
}
