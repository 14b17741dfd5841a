package io.flowproof.domain.expression.js;

/**
 * Rewrites {@code for (const x of ...)} and {@code for (const k in ...)} to {@code let}, which Rhino
 * 1.9.2 accepts ({@code const} in a for-head is a syntax error there). The only difference is that
 * reassigning the loop variable no longer throws.
 *
 * <p>A small scanner skips string literals, template literals (including nested {@code ${...}}),
 * comments and regular-expression literals, so the word inside them is never touched. {@code const} is
 * replaced by {@code "let  "} (same length), so line and column numbers stay exact. The same scanner
 * finds where the code of a script ends ({@link #endOfCode}), ignoring trailing comments and {@code ;}.
 */
final class ForConstRewriter {

    private final String source;
    private final char[] out;
    private int pos;
    /** The last significant token decides whether a {@code /} starts a regex or divides. */
    private boolean regexAllowed = true;
    private boolean changed;
    /** Where the last token other than {@code ;} ends (comments and blanks are not tokens). */
    private int codeEnd;

    private ForConstRewriter(String source) {
        this.source = source;
        this.out = source.toCharArray();
    }

    static String rewrite(String source) {
        if (!source.contains("const")) {
            return source;
        }
        ForConstRewriter rewriter = new ForConstRewriter(source);
        rewriter.scan(false);
        return rewriter.changed ? new String(rewriter.out) : source;
    }

    /** The index just after the last character that is code, ignoring trailing blanks, comments and {@code ;}. */
    static int endOfCode(String source) {
        ForConstRewriter scanner = new ForConstRewriter(source);
        scanner.scan(false);
        return scanner.codeEnd;
    }

    /** Scans until the end, or (inside a template substitution) until its closing brace. */
    private void scan(boolean inSubstitution) {
        int depth = 0;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '/' && peek(1) == '/') {
                skipLineComment();
            } else if (c == '/' && peek(1) == '*') {
                skipBlockComment();
            } else if (c == '\'' || c == '"') {
                skipString(c);
                regexAllowed = false;
                codeEnd = pos;
            } else if (c == '`') {
                skipTemplate();
                regexAllowed = false;
                codeEnd = pos;
            } else if (c == '/') {
                if (regexAllowed) {
                    skipRegex();
                    regexAllowed = false;
                } else {
                    pos++;
                    regexAllowed = true;
                }
                codeEnd = pos;
            } else if (Character.isJavaIdentifierStart(c)) {
                word();
                codeEnd = pos;
            } else if (Character.isDigit(c)) {
                while (pos < source.length() && (Character.isLetterOrDigit(source.charAt(pos)) || source.charAt(pos) == '.')) {
                    pos++;
                }
                regexAllowed = false;
                codeEnd = pos;
            } else if (Character.isWhitespace(c)) {
                pos++;
            } else {
                pos++;
                if (c == '{') {
                    depth++;
                } else if (c == '}') {
                    if (inSubstitution && depth == 0) {
                        return;
                    }
                    depth--;
                }
                regexAllowed = c != ')' && c != ']' && c != '}';
                if (c != ';') {
                    codeEnd = pos;
                }
            }
        }
    }

    private void word() {
        int start = pos;
        while (pos < source.length() && Character.isJavaIdentifierPart(source.charAt(pos))) {
            pos++;
        }
        String word = source.substring(start, pos);
        boolean member = start > 0 && source.charAt(start - 1) == '.';
        if ("for".equals(word) && !member) {
            int after = skipBlanks(pos);
            if (after < source.length() && source.charAt(after) == '(') {
                int keyword = skipBlanks(after + 1);
                if (source.startsWith("const", keyword) && !identifierPartAt(keyword + 5)) {
                    "let  ".getChars(0, 5, out, keyword);
                    changed = true;
                }
            }
        }
        regexAllowed = isKeywordBeforeExpression(word);
    }

    private static boolean isKeywordBeforeExpression(String word) {
        return switch (word) {
            case "return", "typeof", "instanceof", "in", "of", "new", "delete", "void", "throw", "case", "do", "else",
                    "yield", "await" -> true;
            default -> false;
        };
    }

    private int skipBlanks(int from) {
        int i = from;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '/' && i + 1 < source.length() && source.charAt(i + 1) == '*') {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private boolean identifierPartAt(int index) {
        return index < source.length() && Character.isJavaIdentifierPart(source.charAt(index));
    }

    private char peek(int ahead) {
        int i = pos + ahead;
        return i < source.length() ? source.charAt(i) : '\0';
    }

    private void skipLineComment() {
        while (pos < source.length() && source.charAt(pos) != '\n') {
            pos++;
        }
    }

    private void skipBlockComment() {
        int end = source.indexOf("*/", pos + 2);
        pos = end < 0 ? source.length() : end + 2;
    }

    private void skipString(char quote) {
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == quote || c == '\n') {
                return;
            }
        }
    }

    private void skipTemplate() {
        pos++;
        while (pos < source.length()) {
            char c = source.charAt(pos);
            if (c == '\\') {
                pos += 2;
            } else if (c == '`') {
                pos++;
                return;
            } else if (c == '$' && peek(1) == '{') {
                pos += 2;
                regexAllowed = true;
                scan(true);
                pos++; // the closing brace
            } else {
                pos++;
            }
        }
    }

    private void skipRegex() {
        pos++;
        boolean inClass = false;
        while (pos < source.length()) {
            char c = source.charAt(pos++);
            if (c == '\\') {
                pos++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (c == '/' && !inClass) {
                break;
            } else if (c == '\n') {
                return;
            }
        }
        while (pos < source.length() && Character.isJavaIdentifierPart(source.charAt(pos))) {
            pos++; // flags
        }
    }
}
