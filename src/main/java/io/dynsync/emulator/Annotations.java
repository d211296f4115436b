package io.dynsync.emulator;

import java.util.List;

/** Which instance annotations a client asked for with odata.include-annotations ("*", "ns.*", exact names). */
final class Annotations {
    static final String FORMATTED_VALUE = "OData.Community.Display.V1.FormattedValue";
    static final String LOOKUP_LOGICAL_NAME = "Microsoft.Dynamics.CRM.lookuplogicalname";
    static final String ASSOCIATED_NAV = "Microsoft.Dynamics.CRM.associatednavigationproperty";
    static final String TOTAL_COUNT = "Microsoft.Dynamics.CRM.totalrecordcount";
    static final String TOTAL_COUNT_EXCEEDED = "Microsoft.Dynamics.CRM.totalrecordcountlimitexceeded";

    static final Annotations NONE = new Annotations(List.of());
    static final Annotations ALL = new Annotations(List.of("*"));

    private final List<String> patterns;

    private Annotations(List<String> patterns) {
        this.patterns = patterns;
    }

    static Annotations parse(String list) {
        return new Annotations(List.of(list.split("\\s*,\\s*")).stream().map(String::trim)
                .filter(s -> !s.isEmpty()).toList());
    }

    boolean any() {
        return !patterns.isEmpty();
    }

    boolean includes(String annotation) {
        for (String p : patterns) {
            if (p.equals("*") || p.equals(annotation)
                    || (p.endsWith(".*") && annotation.startsWith(p.substring(0, p.length() - 1)))) {
                return true;
            }
        }
        return false;
    }
}
