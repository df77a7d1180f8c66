package org.cpmmss.cpm.imdn;

/** IMDN status elements (RFC 5438). */
public enum ImdnStatus {
    DELIVERED("delivered"),
    FAILED("failed"),
    FORBIDDEN("forbidden"),
    ERROR("error"),
    DISPLAYED("displayed"),
    PROCESSED("processed"),
    STORED("stored");

    private final String element;

    ImdnStatus(String element) {
        this.element = element;
    }

    public String element() {
        return element;
    }

    /** True for a status that reports success (delivered, displayed, processed, stored). */
    public boolean isPositive() {
        return this == DELIVERED || this == DISPLAYED || this == PROCESSED || this == STORED;
    }
}
