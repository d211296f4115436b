package io.dynsync.emulator;

import java.text.Normalizer;
import java.util.Locale;

/**
 * String comparison the way a Dataverse database compares: case- and accent-insensitive
 * (Latin1_General_CI_AI is the default collation), so 'zoe' eq 'Zoë' and 'o''brien' eq 'O''Brien'.
 */
final class Collation {
    private Collation() {
    }

    static String key(String s) {
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) > 127) {
                ascii = false;
                break;
            }
        }
        if (ascii) {
            return s.toLowerCase(Locale.ROOT);
        }
        String decomposed = Normalizer.normalize(s, Normalizer.Form.NFD);
        StringBuilder b = new StringBuilder(decomposed.length());
        for (int i = 0; i < decomposed.length(); i++) {
            char c = decomposed.charAt(i);
            if (Character.getType(c) != Character.NON_SPACING_MARK) {
                b.append(c);
            }
        }
        return b.toString().toLowerCase(Locale.ROOT);
    }
}
