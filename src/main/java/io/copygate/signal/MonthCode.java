package io.copygate.signal;

import java.time.Month;

/** The exchange month letters of futures contracts (F = January ... Z = December). */
public final class MonthCode {
    private static final String CODES = "FGHJKMNQUVXZ";

    private MonthCode() {
    }

    public static char of(Month month) {
        return CODES.charAt(month.getValue() - 1);
    }

    /** The month for a code letter, or null when the letter is not a month code. */
    public static Month month(char code) {
        int i = CODES.indexOf(Character.toUpperCase(code));
        return i < 0 ? null : Month.of(i + 1);
    }
}
