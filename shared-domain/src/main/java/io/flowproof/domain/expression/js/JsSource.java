package io.flowproof.domain.expression.js;

import io.flowproof.domain.expression.ExpressionSyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.mozilla.javascript.CompilerEnvirons;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.EvaluatorException;
import org.mozilla.javascript.Node;
import org.mozilla.javascript.Parser;
import org.mozilla.javascript.ast.AstNode;
import org.mozilla.javascript.ast.AstRoot;
import org.mozilla.javascript.ast.EmptyStatement;
import org.mozilla.javascript.ast.ExpressionStatement;
import org.mozilla.javascript.ast.FunctionNode;
import org.mozilla.javascript.ast.ParenthesizedExpression;

/**
 * Decides, by parsing, which form a script has and builds the source that evaluates to a function
 * taking the variables positionally.
 *
 * <ol>
 *   <li>The script parses as a program made of one function (declaration, expression or arrow,
 *       optionally in parentheses): {@link Form#FUNCTION}. It is called with the arguments.</li>
 *   <li>It parses as a program made of one expression statement: {@link Form#EXPRESSION}; {@code return }
 *       is inserted right before the expression (found in the syntax tree, so comments and a trailing
 *       {@code ;} are kept and the word "return" in a string or property name changes nothing).</li>
 *   <li>Anything else (several statements, or a top-level {@code return}, which does not parse as a
 *       program) is a function body: {@link Form#BODY}. A body without {@code return} yields
 *       {@code undefined}.</li>
 * </ol>
 * The wrapper's first line is line 0, so line numbers in errors are the script's own.
 */
final class JsSource {

    /** The shapes a script can have. */
    enum Form { EXPRESSION, BODY, FUNCTION }

    private static final Pattern IDENTIFIER = Pattern.compile("[\\p{L}_$][\\p{L}\\p{N}_$]*");
    private static final Pattern ASYNC = Pattern.compile(
            "^async\\s*(function\\b|\\(|[\\p{L}_$][\\p{L}\\p{N}_$]*\\s*=>)");

    private final Form form;
    private final String wrapped;

    private JsSource(Form form, String wrapped) {
        this.form = form;
        this.wrapped = wrapped;
    }

    Form form() {
        return form;
    }

    /** Source text that evaluates to the function to call, with the script starting on line 1. */
    String wrapped() {
        return wrapped;
    }

    static JsSource of(String script, List<String> variables) {
        String parameters = parameters(variables);
        String source = ForConstRewriter.rewrite(script);
        AstRoot program;
        try {
            program = parse(source, 1);
        } catch (EvaluatorException programError) {
            return asBody(script, source, parameters, programError);
        }
        List<AstNode> statements = statements(program);
        if (statements.size() == 1 && isFunction(statements.get(0))) {
            // only blanks, comments and semicolons can follow the function; drop them
            int end = ForConstRewriter.endOfCode(source);
            return new JsSource(Form.FUNCTION, "(\n" + source.substring(0, end) + "\n)");
        }
        if (statements.size() == 1 && statements.get(0) instanceof ExpressionStatement) {
            int at = startOfCode(source);
            String body = source.substring(0, at) + "return " + source.substring(at);
            return new JsSource(Form.EXPRESSION, "(function (" + parameters + ") {\n" + body + "\n})");
        }
        return new JsSource(Form.BODY, bodyWrapper(source, parameters));
    }

    private static JsSource asBody(String script, String source, String parameters, EvaluatorException programError) {
        String wrapped = bodyWrapper(source, parameters);
        AstRoot root;
        try {
            root = parse(wrapped, 0);
        } catch (EvaluatorException bodyError) {
            if (ASYNC.matcher(script.strip()).find()) {
                throw new ExpressionSyntaxException("async functions are not supported: a filter, validator or"
                        + " extractor must return its result synchronously (line 1, column 1)");
            }
            boolean returnStatement = programError.details() != null && programError.details().contains("return");
            throw syntaxError(returnStatement ? bodyError : programError);
        }
        List<AstNode> statements = statements(root);
        if (statements.size() != 1 || !isFunction(statements.get(0))) {
            // the script closed the wrapper early, e.g. "}); other(); (function () {"
            throw syntaxError(programError);
        }
        return new JsSource(Form.BODY, wrapped);
    }

    /** The index of the first character that is not a blank or inside a comment. */
    private static int startOfCode(String source) {
        int i = 0;
        while (i < source.length()) {
            char c = source.charAt(i);
            if (Character.isWhitespace(c) || c == '\uFEFF') {
                i++;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                i = end < 0 ? source.length() : end + 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                i = end < 0 ? source.length() : end + 2;
            } else {
                break;
            }
        }
        return i;
    }

    private static String bodyWrapper(String source, String parameters) {
        return "(function (" + parameters + ") {\n" + source + "\n})";
    }

    private static boolean isFunction(AstNode statement) {
        AstNode node = statement instanceof ExpressionStatement expression ? expression.getExpression() : statement;
        while (node instanceof ParenthesizedExpression parenthesized) {
            node = parenthesized.getExpression();
        }
        return node instanceof FunctionNode;
    }

    private static List<AstNode> statements(AstRoot root) {
        List<AstNode> statements = new ArrayList<>();
        for (Node child : root) {
            if (child instanceof AstNode node && !(node instanceof EmptyStatement)) {
                statements.add(node);
            }
        }
        return statements;
    }

    private static AstRoot parse(String source, int firstLine) {
        CompilerEnvirons environment = new CompilerEnvirons();
        environment.setLanguageVersion(Context.VERSION_ES6);
        environment.setRecordingComments(false);
        environment.setGeneratingSource(false);
        return new Parser(environment).parse(source, "expression", firstLine);
    }

    private static String parameters(List<String> variables) {
        for (String variable : variables) {
            if (!IDENTIFIER.matcher(variable).matches()) {
                throw new IllegalArgumentException("not a JS identifier: " + variable);
            }
        }
        return String.join(", ", variables);
    }

    static ExpressionSyntaxException syntaxError(EvaluatorException error) {
        String details = error.details() == null ? "syntax error" : error.details();
        String line = error.lineSource() == null ? "" : error.lineSource();
        String hint = "";
        if (details.contains("class")) {
            hint = " (class declarations are not supported by the JS engine)";
        } else if (line.matches(".*[(,]\\s*\\.\\.\\..*")) {
            hint = " (spread arguments f(...xs) are not supported by the JS engine; use f.apply(null, xs))";
        }
        return new ExpressionSyntaxException(details + hint + " (line " + Math.max(1, error.lineNumber())
                + ", column " + Math.max(1, error.columnNumber()) + ")", error);
    }
}
