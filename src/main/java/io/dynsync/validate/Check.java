package io.dynsync.validate;

/**
 * One line of the setup checklist.
 *
 * @param unavailable the line failed because Dynamics could not answer (no connection, 429, 5xx), not
 *                    because the setup is wrong: start-up warns and goes on (the routes retry), validate fails
 */
public record Check(boolean passed, String subject, String detail, boolean unavailable) {

    public static Check pass(String subject, String detail) {
        return new Check(true, subject, detail, false);
    }

    public static Check fail(String subject, String detail) {
        return new Check(false, subject, detail, false);
    }

    public static Check unavailable(String subject, String detail) {
        return new Check(false, subject, detail, true);
    }

    /** A failed HTTP answer: unavailable for 429 and 5xx, a setup failure otherwise. */
    static Check failed(String subject, String detail, int status) {
        return status == 429 || status >= 500 ? unavailable(subject, detail) : fail(subject, detail);
    }

    @Override
    public String toString() {
        return (passed ? "[PASS] " : "[FAIL] ") + subject + ": " + detail + (unavailable ? " (Dynamics did not answer; try again)" : "");
    }
}
