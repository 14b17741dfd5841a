package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionSyntaxException;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Turns source text into tokens, with Python's NEWLINE / INDENT / DEDENT structure.
 *
 * <p>Works in two passes: the first cuts the text into logical lines (brackets and backslashes join
 * physical lines, comments and blank lines vanish), the second lays the lines out in blocks. The layout
 * honours indentation when the script has any; when every line starts at column 1 (a {@code def} body
 * whose indentation the Python SDK stripped), {@link LostIndentation} rebuilds the blocks.
 */
final class Lexer {

    static final int NAME = 0;
    static final int NUMBER = 1;
    static final int STRING = 2;
    static final int FSTRING = 3;
    static final int OP = 4;
    static final int NEWLINE = 5;
    static final int INDENT = 6;
    static final int DEDENT = 7;
    static final int END = 8;

    record Token(int kind, String text, Object value, int line, int column) {
        boolean is(String op) {
            return (kind == OP || kind == NAME) && text.equals(op);
        }
    }

    /** The raw text of an f-string, decoded by the parser. */
    record FString(String body, boolean raw, int line, int column) {}

    /** One logical line: its tokens and the indentation (in columns) of its first physical line. */
    record Line(List<Token> tokens, int indent) {
        String firstWord() {
            Token t = tokens.get(0);
            return t.kind == NAME ? t.text : "";
        }

        boolean endsWithColon() {
            return tokens.get(tokens.size() - 1).is(":");
        }
    }

    private static final String[] OPERATORS = {
        "**=", "//=", ">>=", "<<=", "...", "->", ":=", "**", "//", "==", "!=", "<=", ">=", "<<", ">>", "+=", "-=",
        "*=", "/=", "%=", "&=", "|=", "^=", "@=", "+", "-", "*", "/", "%", "@", "&", "|", "^", "~", "<", ">", "(", ")",
        "[", "]", "{", "}", ",", ":", ".", ";", "=", "!"
    };
    private static final int MAX_BRACKETS = 100;

    private final String src;
    private final int lineOffset;
    private final int columnOffset;
    private int pos;
    private int line = 1;
    private int lineStart;

    private Lexer(String src, int lineOffset, int columnOffset) {
        this.src = src;
        this.lineOffset = lineOffset;
        this.columnOffset = columnOffset;
    }

    /** Tokenizes a whole script. */
    static List<Token> tokenize(String source) {
        String text = source.replace("\r\n", "\n").replace('\r', '\n');
        Lexer lexer = new Lexer(text, 0, 0);
        return layout(lexer.logicalLines(), lexer.position());
    }

    /** The logical lines of a script, before layout (for tests of the block rules). */
    static List<Line> logicalLines(String source) {
        return new Lexer(source.replace("\r\n", "\n").replace('\r', '\n'), 0, 0).logicalLines();
    }

    /** Tokenizes an expression embedded in an f-string (no statements, no layout). */
    static List<Token> tokenizeEmbedded(String text, int line, int column) {
        Lexer lexer = new Lexer(text.replace('\n', ' '), line - 1, column - 1);
        List<Token> tokens = new ArrayList<>();
        for (Line l : lexer.logicalLines()) {
            tokens.addAll(l.tokens);
        }
        int[] end = lexer.position();
        tokens.add(new Token(END, "", null, end[0], end[1]));
        return tokens;
    }

    private int[] position() {
        return new int[] {line + lineOffset, pos - lineStart + 1 + (line == 1 ? columnOffset : 0)};
    }

    private ExpressionSyntaxException error(String message) {
        int[] p = position();
        return error(message, p[0], p[1]);
    }

    static ExpressionSyntaxException error(String message, int line, int column) {
        return new ExpressionSyntaxException(message + " at line " + line + ", column " + column);
    }

    private Token token(int kind, String text, Object value, int startPos) {
        int column = startPos - lineStart + 1 + (line == 1 ? columnOffset : 0);
        return new Token(kind, text, value, line + lineOffset, column);
    }

    // ------------------------------------------------------------------ pass 1: logical lines

    private List<Line> logicalLines() {
        List<Line> lines = new ArrayList<>();
        Deque<Token> brackets = new ArrayDeque<>();
        List<Token> current = null;
        int indent = 0;
        boolean atLineStart = true;
        while (true) {
            if (atLineStart && brackets.isEmpty()) {
                indent = 0;
                while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t' || src.charAt(pos) == '\f')) {
                    char c = src.charAt(pos++);
                    indent = c == '\t' ? (indent / 8 + 1) * 8 : c == '\f' ? 0 : indent + 1;
                }
                if (pos < src.length() && (src.charAt(pos) == '\n' || src.charAt(pos) == '#')) {
                    skipToLineEnd();
                    if (pos < src.length()) {
                        newLine();
                    }
                    continue;
                }
                atLineStart = false;
            }
            if (pos >= src.length()) {
                break;
            }
            char c = src.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\f') {
                pos++;
            } else if (c == '#') {
                skipToLineEnd();
            } else if (c == '\\' && pos + 1 < src.length() && src.charAt(pos + 1) == '\n') {
                pos++;
                newLine();
            } else if (c == '\\') {
                throw error("unexpected character after line continuation character");
            } else if (c == '\n') {
                newLine();
                if (brackets.isEmpty()) {
                    if (current != null) {
                        lines.add(new Line(current, indent));
                        current = null;
                    }
                    atLineStart = true;
                }
            } else {
                Token t = next();
                if (current == null) {
                    current = new ArrayList<>();
                }
                current.add(t);
                if (t.kind == OP) {
                    trackBrackets(t, brackets);
                }
            }
        }
        if (!brackets.isEmpty()) {
            Token open = brackets.peek();
            throw error("'" + open.text + "' was never closed", open.line, open.column);
        }
        if (current != null) {
            lines.add(new Line(current, indent));
        }
        return lines;
    }

    private void trackBrackets(Token t, Deque<Token> brackets) {
        switch (t.text) {
            case "(", "[", "{" -> {
                brackets.push(t);
                if (brackets.size() > MAX_BRACKETS) {
                    throw error("too many nested parentheses", t.line, t.column);
                }
            }
            case ")", "]", "}" -> {
                if (brackets.isEmpty()) {
                    throw error("unmatched '" + t.text + "'", t.line, t.column);
                }
                String open = brackets.pop().text;
                String expected = open.equals("(") ? ")" : open.equals("[") ? "]" : "}";
                if (!expected.equals(t.text)) {
                    throw error("closing parenthesis '" + t.text + "' does not match opening parenthesis '" + open + "'",
                            t.line, t.column);
                }
            }
            default -> {
                // not a bracket
            }
        }
    }

    private void skipToLineEnd() {
        while (pos < src.length() && src.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void newLine() {
        pos++;
        line++;
        lineStart = pos;
    }

    private Token next() {
        int start = pos;
        char c = src.charAt(pos);
        if (isNameStart(c)) {
            while (pos < src.length() && isNamePart(src.charAt(pos))) {
                pos++;
            }
            String word = src.substring(start, pos);
            if (pos < src.length() && (src.charAt(pos) == '\'' || src.charAt(pos) == '"') && word.length() <= 2) {
                String prefix = word.toLowerCase(Locale.ROOT);
                if (prefix.matches("r|u|f|b|rb|br|fr|rf")) {
                    if (prefix.contains("b")) {
                        throw error("bytes literals are not supported", line + lineOffset, start - lineStart + 1);
                    }
                    return string(start, prefix.contains("r"), prefix.contains("f"));
                }
            }
            return token(NAME, word, null, start);
        }
        if (Character.isDigit(c) || (c == '.' && pos + 1 < src.length() && Character.isDigit(src.charAt(pos + 1)))) {
            return number(start);
        }
        if (c == '\'' || c == '"') {
            return string(start, false, false);
        }
        for (String op : OPERATORS) {
            if (src.startsWith(op, pos)) {
                pos += op.length();
                return token(OP, op, null, start);
            }
        }
        throw error("invalid character '" + c + "' (U+" + String.format("%04X", (int) c) + ")");
    }

    private static boolean isNameStart(char c) {
        return c == '_' || (c < 128 ? Character.isLetter(c) : Character.isLetter(c));
    }

    private static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private Token number(int start) {
        if (src.charAt(pos) == '0' && pos + 1 < src.length() && "xXoObB".indexOf(src.charAt(pos + 1)) >= 0) {
            int radix = switch (Character.toLowerCase(src.charAt(pos + 1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            pos += 2;
            int digitsStart = pos;
            while (pos < src.length() && (Character.digit(src.charAt(pos), radix) >= 0 || src.charAt(pos) == '_')) {
                pos++;
            }
            String digits = src.substring(digitsStart, pos).replace("_", "");
            if (digits.isEmpty() || (pos < src.length() && isNamePart(src.charAt(pos)))) {
                throw error("invalid " + (radix == 16 ? "hexadecimal" : radix == 8 ? "octal" : "binary") + " literal");
            }
            checkLiteralSize(digits);
            return token(NUMBER, src.substring(start, pos), Py.normalize(new BigInteger(digits, radix)), start);
        }
        boolean isFloat = false;
        digits();
        if (pos < src.length() && src.charAt(pos) == '.') {
            isFloat = true;
            pos++;
            digits();
        }
        if (pos < src.length() && (src.charAt(pos) == 'e' || src.charAt(pos) == 'E')) {
            int mark = pos;
            pos++;
            if (pos < src.length() && (src.charAt(pos) == '+' || src.charAt(pos) == '-')) {
                pos++;
            }
            if (pos < src.length() && Character.isDigit(src.charAt(pos))) {
                isFloat = true;
                digits();
            } else {
                pos = mark;
            }
        }
        if (pos < src.length() && (src.charAt(pos) == 'j' || src.charAt(pos) == 'J')) {
            throw error("complex numbers are not supported");
        }
        if (pos < src.length() && isNamePart(src.charAt(pos))) {
            throw error("invalid decimal literal");
        }
        String text = src.substring(start, pos);
        String clean = text.replace("_", "");
        if (text.contains("__") || text.endsWith("_")) {
            throw error("invalid decimal literal");
        }
        checkLiteralSize(clean);
        if (isFloat) {
            return token(NUMBER, text, Double.parseDouble(clean), start);
        }
        if (clean.length() > 1 && clean.charAt(0) == '0' && !clean.chars().allMatch(ch -> ch == '0')) {
            throw error("leading zeros in decimal integer literals are not permitted; use an 0o prefix for octal integers",
                    line + lineOffset, start - lineStart + 1);
        }
        return token(NUMBER, text, Py.normalize(new BigInteger(clean)), start);
    }

    private void checkLiteralSize(String digits) {
        if (digits.length() > 4300) {
            throw error("number literal too long");
        }
    }

    private void digits() {
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '_')) {
            pos++;
        }
    }

    private Token string(int start, boolean raw, boolean formatted) {
        char quote = src.charAt(pos);
        boolean triple = src.startsWith(String.valueOf(quote).repeat(3), pos);
        int startLine = line;
        int startColumn = start - lineStart + 1;
        pos += triple ? 3 : 1;
        int bodyStart = pos;
        int bodyLine = line;
        int bodyColumn = pos - lineStart + 1;
        while (true) {
            if (pos >= src.length()) {
                throw error(triple ? "unterminated triple-quoted string literal" : "unterminated string literal",
                        startLine + lineOffset, startColumn);
            }
            char c = src.charAt(pos);
            if (c == '\\') {
                pos++;
                if (pos < src.length() && src.charAt(pos) == '\n') {
                    newLine();
                } else {
                    pos++;
                }
                continue;
            }
            if (c == '\n') {
                if (!triple) {
                    throw error("unterminated string literal", startLine + lineOffset, startColumn);
                }
                newLine();
                continue;
            }
            if (c == quote && (!triple || src.startsWith(String.valueOf(quote).repeat(3), pos))) {
                break;
            }
            pos++;
        }
        String body = src.substring(bodyStart, pos);
        pos += triple ? 3 : 1;
        String text = src.substring(start, pos);
        Token t;
        if (formatted) {
            t = new Token(FSTRING, text, new FString(body, raw, bodyLine + lineOffset, bodyColumn), startLine + lineOffset,
                    startColumn);
        } else {
            t = new Token(STRING, text, raw ? body : decode(body, startLine + lineOffset, startColumn), startLine + lineOffset,
                    startColumn);
        }
        return t;
    }

    /** Decodes backslash escapes of a (non-raw) string literal body. */
    static String decode(String body, int line, int column) {
        if (body.indexOf('\\') < 0) {
            return body;
        }
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c != '\\' || i + 1 >= body.length()) {
                sb.append(c);
                continue;
            }
            char e = body.charAt(++i);
            switch (e) {
                case '\n' -> { }
                case '\\' -> sb.append('\\');
                case '\'' -> sb.append('\'');
                case '"' -> sb.append('"');
                case 'a' -> sb.append('\u0007');
                case 'b' -> sb.append('\b');
                case 'f' -> sb.append('\f');
                case 'n' -> sb.append('\n');
                case 'r' -> sb.append('\r');
                case 't' -> sb.append('\t');
                case 'v' -> sb.append('\u000b');
                case 'x', 'u', 'U' -> {
                    int length = e == 'x' ? 2 : e == 'u' ? 4 : 8;
                    String hex = body.substring(i + 1, Math.min(body.length(), i + 1 + length));
                    if (hex.length() != length || !hex.chars().allMatch(h -> Character.digit(h, 16) >= 0)) {
                        throw error("truncated \\" + e + " escape", line, column);
                    }
                    int code = Integer.parseInt(hex, 16);
                    if (code > 0x10FFFF) {
                        throw error("illegal Unicode character", line, column);
                    }
                    sb.appendCodePoint(code);
                    i += length;
                }
                case 'N' -> throw error("\\N{...} escapes are not supported", line, column);
                default -> {
                    if (e >= '0' && e <= '7') {
                        int code = e - '0';
                        int digits = 1;
                        while (digits < 3 && i + 1 < body.length() && body.charAt(i + 1) >= '0' && body.charAt(i + 1) <= '7') {
                            code = code * 8 + (body.charAt(++i) - '0');
                            digits++;
                        }
                        sb.append((char) code);
                    } else {
                        sb.append('\\').append(e);
                    }
                }
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ pass 2: layout

    private static List<Token> layout(List<Line> lines, int[] end) {
        List<Token> out = new ArrayList<>();
        int common = Integer.MAX_VALUE;
        for (Line l : lines) {
            common = Math.min(common, l.indent);
        }
        boolean flat = true;
        for (Line l : lines) {
            if (l.indent != common) {
                flat = false;
                break;
            }
        }
        int[] levels = new int[lines.size()];
        if (flat) {
            levels = LostIndentation.levels(lines);
        } else {
            for (int i = 0; i < lines.size(); i++) {
                levels[i] = lines.get(i).indent - common;
            }
        }
        Deque<Integer> stack = new ArrayDeque<>();
        stack.push(0);
        for (int i = 0; i < lines.size(); i++) {
            Line l = lines.get(i);
            Token first = l.tokens.get(0);
            int level = levels[i];
            if (level > stack.peek()) {
                stack.push(level);
                out.add(new Token(INDENT, "<indent>", null, first.line, first.column));
            } else {
                while (level < stack.peek()) {
                    stack.pop();
                    out.add(new Token(DEDENT, "<dedent>", null, first.line, first.column));
                }
                if (level != stack.peek()) {
                    throw error("unindent does not match any outer indentation level", first.line, first.column);
                }
            }
            out.addAll(l.tokens);
            Token last = l.tokens.get(l.tokens.size() - 1);
            out.add(new Token(NEWLINE, "<newline>", null, last.line, last.column + last.text.length()));
        }
        while (stack.size() > 1) {
            stack.pop();
            out.add(new Token(DEDENT, "<dedent>", null, end[0], end[1]));
        }
        out.add(new Token(END, "<end>", null, end[0], end[1]));
        return out;
    }
}
