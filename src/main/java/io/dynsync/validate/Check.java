package io.dynsync.validate;

/** One line of the setup checklist. */
public record Check(boolean passed, String subject, String detail) {

    public static Check pass(String subject, String detail) {
        return new Check(true, subject, detail);
    }

    public static Check fail(String subject, String detail) {
        return new Check(false, subject, detail);
    }

    @Override
    public String toString() {
        return (passed ? "[PASS] " : "[FAIL] ") + subject + ": " + detail;
    }
}
