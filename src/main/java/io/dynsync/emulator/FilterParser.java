package io.dynsync.emulator;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses an OData $filter into a {@link RowFilter} bound to one table's columns.
 *
 * <p>Hand-written recursive descent on purpose: the Java OData filter parsers (Apache Olingo, odata4j) need
 * a full EDM model and bring a server framework with them, while Dataverse's subset (comparisons,
 * and/or/not, three string functions, typed literals) fits in this one class and lets error messages match
 * Dataverse's own ("There is an unterminated literal at position …").
 *
 * <pre>
 * or      := and ('or' and)*
 * and     := unary ('and' unary)*
 * unary   := 'not' unary | primary
 * primary := '(' or ')' | function ['eq'|'ne' bool] | operand op operand
 * </pre>
 */
final class FilterParser {
    private enum Kind { LPAREN, RPAREN, COMMA, STRING, GUID, DATETIME, DATE, NUMBER, WORD, EOF }

    private record Token(Kind kind, String text, int pos) {
    }

    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\\w-])");
    private static final Pattern DATETIME = Pattern.compile(
            "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}:\\d{2})");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(?![\\w-])");
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d+)?([eE][+-]?\\d+)?[mMdDfFlL]?(?!\\w)");
    private static final Pattern WORD = Pattern.compile("[A-Za-z_@][A-Za-z0-9_./@]*");
    private static final List<String> COMPARISONS = List.of("eq", "ne", "gt", "ge", "lt", "le");

    private final EntityDef def;
    private final String text;
    private final Map<String, String> aliases;
    private final List<Token> tokens;
    private int next;

    private FilterParser(EntityDef def, String text, Map<String, String> aliases) {
        this.def = def;
        this.text = text;
        this.aliases = aliases;
        this.tokens = lex(text);
    }

    /** @param aliases parameter aliases from the query string ({@code @p1} → its literal text) */
    static RowFilter parse(EntityDef def, String filter, Map<String, String> aliases) {
        FilterParser p = new FilterParser(def, filter, aliases);
        RowFilter f = p.or();
        if (p.peek().kind != Kind.EOF) {
            throw p.syntaxError(p.peek());
        }
        return f;
    }

    static RowFilter parse(EntityDef def, String filter) {
        return parse(def, filter, Map.of());
    }

    // ---- grammar

    private RowFilter or() {
        RowFilter left = and();
        while (isWord(peek(), "or")) {
            next++;
            RowFilter a = left;
            RowFilter b = and();
            left = row -> {
                Boolean x = a.eval(row);
                if (Boolean.TRUE.equals(x)) {
                    return true;
                }
                Boolean y = b.eval(row);
                if (Boolean.TRUE.equals(y)) {
                    return true;
                }
                return x == null || y == null ? null : Boolean.FALSE;
            };
        }
        return left;
    }

    private RowFilter and() {
        RowFilter left = unary();
        while (isWord(peek(), "and")) {
            next++;
            RowFilter a = left;
            RowFilter b = unary();
            left = row -> {
                Boolean x = a.eval(row);
                if (Boolean.FALSE.equals(x)) {
                    return false;
                }
                Boolean y = b.eval(row);
                if (Boolean.FALSE.equals(y)) {
                    return false;
                }
                return x == null || y == null ? null : Boolean.TRUE;
            };
        }
        return left;
    }

    private RowFilter unary() {
        if (isWord(peek(), "not")) {
            next++;
            RowFilter inner = unary();
            return row -> {
                Boolean x = inner.eval(row);
                return x == null ? null : !x;
            };
        }
        return primary();
    }

    private RowFilter primary() {
        Token t = peek();
        if (t.kind == Kind.LPAREN) {
            next++;
            RowFilter inner = or();
            expect(Kind.RPAREN);
            return inner;
        }
        if (t.kind == Kind.WORD && tokens.get(next + 1).kind == Kind.LPAREN) {
            return function();
        }
        Token left = take();
        Token op = take();
        if (op.kind != Kind.WORD || !COMPARISONS.contains(op.text)) {
            throw syntaxError(op);
        }
        Token right = take();
        return comparison(left, op.text, right);
    }

    private RowFilter function() {
        Token name = take();
        String fn = name.text;
        if (!fn.equals("contains") && !fn.equals("startswith") && !fn.equals("endswith")) {
            if (fn.startsWith("Microsoft.Dynamics.CRM.")) {
                throw DataverseError.notImplemented("The $filter function '" + fn + "'");
            }
            throw DataverseError.badRequest("An unknown function with name '" + fn + "' was found. "
                    + "This may also be a function import or a key lookup on a navigation property, "
                    + "which is not allowed.");
        }
        expect(Kind.LPAREN);
        AttributeDef attr = attribute(take());
        expect(Kind.COMMA);
        Token lit = resolveAlias(take());
        expect(Kind.RPAREN);
        if (attr.type() != AttrType.STRING || lit.kind != Kind.STRING) {
            throw DataverseError.badRequest("No function signature for the function with name '" + fn
                    + "' matches the specified arguments.");
        }
        String needle = Collation.key(lit.text);
        int index = attr.index();
        RowFilter f = row -> {
            String v = (String) row.get(index);
            if (v == null) {
                return null;
            }
            String k = Collation.key(v);
            return switch (fn) {
                case "contains" -> k.contains(needle);
                case "startswith" -> k.startsWith(needle);
                default -> k.endsWith(needle);
            };
        };
        // contains(x,'a') eq true / ne false
        if (isWord(peek(), "eq") || isWord(peek(), "ne")) {
            boolean negate = take().text.equals("ne");
            Token b = take();
            if (!isWord(b, "true") && !isWord(b, "false")) {
                throw syntaxError(b);
            }
            boolean wantTrue = b.text.equals("true") != negate;
            if (!wantTrue) {
                RowFilter inner = f;
                f = row -> {
                    Boolean x = inner.eval(row);
                    return x == null ? null : !x;
                };
            }
        }
        return f;
    }

    private RowFilter comparison(Token left, String op, Token right) {
        boolean leftIsAttr = isAttribute(left);
        boolean rightIsAttr = isAttribute(right);
        if (leftIsAttr == rightIsAttr) {
            throw DataverseError.notImplemented("A $filter comparing " + (leftIsAttr ? "two columns" : "two literals"));
        }
        if (!leftIsAttr) {
            // 5 lt x  ⇔  x gt 5
            Token t = left;
            left = right;
            right = t;
            op = switch (op) {
                case "gt" -> "lt";
                case "ge" -> "le";
                case "lt" -> "gt";
                case "le" -> "ge";
                default -> op;
            };
        }
        AttributeDef attr = attribute(left);
        Object literal = literal(attr, resolveAlias(right), op);
        int index = attr.index();
        AttrType type = attr.type();
        String operator = op;
        if (literal == null) {
            if (!op.equals("eq") && !op.equals("ne")) {
                return row -> null;
            }
            boolean eq = op.equals("eq");
            return row -> (row.get(index) == null) == eq;
        }
        @SuppressWarnings("rawtypes")
        Comparable key = Values.sortKey(type, literal);
        return row -> {
            Object v = row.get(index);
            if (v == null) {
                return null;
            }
            int c = Values.compareKeys(Values.sortKey(type, v), key);
            return switch (operator) {
                case "eq" -> c == 0;
                case "ne" -> c != 0;
                case "gt" -> c > 0;
                case "ge" -> c >= 0;
                case "lt" -> c < 0;
                default -> c <= 0;
            };
        };
    }

    /** Converts a literal token to the column's type, or fails the way Dataverse does for a type mismatch. */
    private Object literal(AttributeDef attr, Token t, String op) {
        if (isWord(t, "null")) {
            return null;
        }
        AttrType type = attr.type();
        try {
            switch (type) {
                case STRING:
                    if (t.kind == Kind.STRING) {
                        return t.text;
                    }
                    break;
                case PRIMARY_KEY:
                case GUID:
                case LOOKUP:
                    if (t.kind == Kind.GUID || t.kind == Kind.STRING) {
                        String g = Guids.normalize(t.text);
                        if (g == null) {
                            throw DataverseError.badRequest("Unrecognized 'Edm.Guid' literal '" + t.text
                                    + "' at '" + t.pos + "' in '" + text + "'.");
                        }
                        return type == AttrType.LOOKUP ? new Ref(null, g) : g;
                    }
                    break;
                case INT:
                    if (t.kind == Kind.NUMBER) {
                        return Integer.valueOf(stripSuffix(t.text));
                    }
                    break;
                case BIGINT:
                    if (t.kind == Kind.NUMBER) {
                        return Long.valueOf(stripSuffix(t.text));
                    }
                    break;
                case DECIMAL:
                case MONEY:
                    if (t.kind == Kind.NUMBER) {
                        return new BigDecimal(stripSuffix(t.text));
                    }
                    break;
                case BOOL:
                    if (isWord(t, "true") || isWord(t, "false")) {
                        return Boolean.valueOf(t.text);
                    }
                    break;
                case DATETIME:
                    if (t.kind == Kind.DATETIME || t.kind == Kind.DATE) {
                        Instant i = Values.parseDateTime(t.text);
                        if (i != null) {
                            return i;
                        }
                    }
                    break;
                case DATEONLY:
                    if (t.kind == Kind.DATE) {
                        return LocalDate.parse(t.text);
                    }
                    if (t.kind == Kind.DATETIME) {
                        return LocalDate.parse(t.text.substring(0, 10));
                    }
                    break;
                default:
                    break;
            }
        } catch (NumberFormatException | DateTimeParseException e) {
            // falls through to the type-mismatch error below
        }
        throw DataverseError.badRequest("A binary operator with incompatible types was detected. Found operand types '"
                + type.edmName + "' and '" + literalEdmType(t) + "' for operator kind '" + operatorKind(op) + "'.");
    }

    private static String stripSuffix(String n) {
        char last = n.charAt(n.length() - 1);
        return Character.isLetter(last) ? n.substring(0, n.length() - 1) : n;
    }

    private static String literalEdmType(Token t) {
        return switch (t.kind) {
            case STRING -> "Edm.String";
            case GUID -> "Edm.Guid";
            case DATETIME -> "Edm.DateTimeOffset";
            case DATE -> "Edm.Date";
            case NUMBER -> t.text.contains(".") ? "Edm.Decimal" : "Edm.Int32";
            default -> t.text.equals("true") || t.text.equals("false") ? "Edm.Boolean" : t.text;
        };
    }

    private static String operatorKind(String op) {
        return switch (op) {
            case "eq" -> "Equal";
            case "ne" -> "NotEqual";
            case "gt" -> "GreaterThan";
            case "ge" -> "GreaterThanOrEqual";
            case "lt" -> "LessThan";
            default -> "LessThanOrEqual";
        };
    }

    private boolean isAttribute(Token t) {
        return t.kind == Kind.WORD && !t.text.startsWith("@") && !t.text.equals("null") && !t.text.equals("true")
                && !t.text.equals("false");
    }

    private AttributeDef attribute(Token t) {
        if (t.kind != Kind.WORD) {
            throw syntaxError(t);
        }
        if (t.text.contains("/")) {
            throw DataverseError.notImplemented("A lookup path in $filter ('" + t.text + "')");
        }
        AttributeDef a = def.attributeByWebName(t.text);
        if (a == null) {
            throw DataverseError.propertyNotFound(def, t.text);
        }
        return a;
    }

    /** A parameter alias (@p1) stands for the literal given as its own query option. */
    private Token resolveAlias(Token t) {
        if (t.kind != Kind.WORD || !t.text.startsWith("@")) {
            return t;
        }
        String value = aliases.get(t.text);
        if (value == null) {
            throw DataverseError.badRequest("The parameter alias '" + t.text + "' was not found in the request.");
        }
        List<Token> lexed = lex(value);
        if (lexed.size() != 2) {
            throw DataverseError.badRequest("The value of parameter alias '" + t.text + "' is not a single literal.");
        }
        return lexed.get(0);
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token take() {
        Token t = tokens.get(next);
        if (t.kind == Kind.EOF) {
            throw syntaxError(t);
        }
        next++;
        return t;
    }

    private void expect(Kind kind) {
        Token t = peek();
        if (t.kind != kind) {
            throw syntaxError(t);
        }
        next++;
    }

    private static boolean isWord(Token t, String word) {
        return t.kind == Kind.WORD && t.text.equals(word);
    }

    private DataverseError syntaxError(Token t) {
        return DataverseError.badRequest("Syntax error at position " + t.pos + " in '" + text + "'.");
    }

    private static List<Token> lex(String s) {
        List<Token> out = new ArrayList<>();
        int i = 0;
        int n = s.length();
        Matcher m = GUID.matcher(s);
        while (true) {
            while (i < n && Character.isWhitespace(s.charAt(i))) {
                i++;
            }
            if (i >= n) {
                out.add(new Token(Kind.EOF, "", i));
                return out;
            }
            char c = s.charAt(i);
            if (c == '(' || c == ')' || c == ',') {
                out.add(new Token(c == '(' ? Kind.LPAREN : c == ')' ? Kind.RPAREN : Kind.COMMA, String.valueOf(c), i));
                i++;
                continue;
            }
            if (c == '\'') {
                int start = i;
                StringBuilder b = new StringBuilder();
                i++;
                while (true) {
                    if (i >= n) {
                        throw DataverseError.badRequest("There is an unterminated literal at position " + start
                                + " in '" + s + "'.");
                    }
                    char d = s.charAt(i);
                    if (d == '\'') {
                        if (i + 1 < n && s.charAt(i + 1) == '\'') {
                            b.append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    b.append(d);
                    i++;
                }
                out.add(new Token(Kind.STRING, b.toString(), start));
                continue;
            }
            Kind kind = null;
            for (var entry : List.of(Map.entry(Kind.GUID, GUID), Map.entry(Kind.DATETIME, DATETIME),
                    Map.entry(Kind.DATE, DATE), Map.entry(Kind.NUMBER, NUMBER), Map.entry(Kind.WORD, WORD))) {
                m.usePattern(entry.getValue()).region(i, n);
                if (m.lookingAt()) {
                    kind = entry.getKey();
                    break;
                }
            }
            if (kind == null) {
                throw DataverseError.badRequest("Syntax error: character '" + c + "' is not valid at position " + i
                        + " in '" + s + "'.");
            }
            out.add(new Token(kind, m.group(), i));
            i = m.end();
        }
    }
}
