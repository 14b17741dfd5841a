package io.flowproof.domain.expression.python;

import io.flowproof.domain.expression.ExpressionException;
import io.flowproof.domain.expression.ExpressionSyntaxException;
import io.flowproof.domain.expression.python.Lexer.Token;
import io.flowproof.domain.expression.python.Nodes.Node;
import io.flowproof.domain.expression.python.Nodes.Stmt;
import io.flowproof.domain.expression.python.Nodes.Target;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A recursive-descent parser for the Python subset, building {@link Nodes} directly. Names are
 * resolved to frame slots after the whole script is read (Python decides what is local per function,
 * not per line). Nesting is bounded: at most {@value #MAX_DEPTH} nested expressions or blocks, and
 * trees at most {@link Nodes#MAX_HEIGHT} high, so neither parsing nor evaluation can overflow the stack.
 */
final class Parser {

    static final int MAX_DEPTH = 250;

    private static final Set<String> KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async", "await",
            "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from", "global",
            "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try", "while",
            "with", "yield");
    private static final Set<String> UNSUPPORTED_STATEMENTS = Set.of("class", "try", "with", "async", "await", "global",
            "nonlocal", "del", "raise", "yield", "except", "finally");
    private static final Map<String, Integer> AUGMENTED = Map.ofEntries(Map.entry("+=", Py.ADD), Map.entry("-=", Py.SUB),
            Map.entry("*=", Py.MUL), Map.entry("/=", Py.TRUEDIV), Map.entry("//=", Py.FLOORDIV), Map.entry("%=", Py.MOD),
            Map.entry("**=", Py.POW), Map.entry("<<=", Py.LSHIFT), Map.entry(">>=", Py.RSHIFT),
            Map.entry("&=", Py.BITAND), Map.entry("|=", Py.BITOR), Map.entry("^=", Py.BITXOR));

    /** A naming scope: the module, a function, or a comprehension. */
    static final class Scope {
        Scope parent;
        final Nodes.FunctionCode owner;
        final Map<String, Integer> locals = new HashMap<>();

        Scope(Scope parent, Nodes.FunctionCode owner) {
            this.parent = parent;
            this.owner = owner;
        }
    }

    /** What a script compiles to. */
    record Program(int kind, Node expression, Stmt statements, int slotCount, int functionCount) {
        static final int EXPRESSION = 0;
        static final int STATEMENTS = 1;
        static final int CALL = 2;
    }

    private List<Token> tokens;
    private int p;
    private int depth;
    private int loopDepth;
    private int functionDepth;
    private Scope scope;
    private final List<Nodes.Name> names = new ArrayList<>();
    private final List<Scope> scopes = new ArrayList<>();
    private final Map<Nodes.FunctionCode, List<Integer>> owned = new LinkedHashMap<>();
    private int slotCount;
    private int functionCount;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Program parse(String source, List<String> variables) {
        Parser parser = new Parser(Lexer.tokenize(source));
        try {
            return parser.program(variables);
        } catch (Nodes.TooDeep e) {
            Token t = parser.peek();
            throw Lexer.error("expression too deeply nested", t.line(), t.column());
        } catch (StackOverflowError e) {
            throw new ExpressionSyntaxException("expression too deeply nested");
        }
    }

    private Program program(List<String> variables) {
        scope = new Scope(null, null);
        scopes.add(scope);
        for (String v : variables) {
            declare(scope, v);
        }
        List<Stmt> statements = new ArrayList<>();
        while (peek().kind() != Lexer.END) {
            statements.addAll(statement());
        }
        resolve();
        for (Map.Entry<Nodes.FunctionCode, List<Integer>> e : owned.entrySet()) {
            e.getKey().ownedSlots = e.getValue().stream().mapToInt(Integer::intValue).toArray();
            e.getKey().functionCount = functionCount;
        }
        if (statements.size() == 1 && statements.get(0) instanceof Nodes.ExprStmt e) {
            if (e.expression instanceof Nodes.Lambda) {
                return new Program(Program.CALL, e.expression, null, slotCount, functionCount);
            }
            return new Program(Program.EXPRESSION, e.expression, null, slotCount, functionCount);
        }
        if (statements.size() == 1 && statements.get(0) instanceof Nodes.Def d) {
            return new Program(Program.CALL, d.function, null, slotCount, functionCount);
        }
        return new Program(Program.STATEMENTS, null, new Nodes.Block(statements.toArray(new Stmt[0])), slotCount,
                functionCount);
    }

    // ------------------------------------------------------------------ names

    private int declare(Scope s, String name) {
        Integer existing = s.locals.get(name);
        if (existing != null) {
            return existing;
        }
        int slot = slotCount++;
        s.locals.put(name, slot);
        if (s.owner != null) {
            owned.get(s.owner).add(slot);
        }
        return slot;
    }

    private Nodes.Name name(String name) {
        Nodes.Name n = new Nodes.Name(name, scope);
        names.add(n);
        return n;
    }

    private void resolve() {
        for (Nodes.Name n : names) {
            for (Scope s = (Scope) n.scope; s != null; s = s.parent) {
                Integer slot = s.locals.get(n.name);
                if (slot != null) {
                    n.slot = slot;
                    break;
                }
            }
            if (n.slot < 0) {
                n.builtin = Builtin.named(n.name);
            }
        }
    }

    // ------------------------------------------------------------------ tokens

    private Token peek() {
        return tokens.get(p);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(p + ahead, tokens.size() - 1));
    }

    private boolean at(String op) {
        Token t = peek();
        return (t.kind() == Lexer.OP || t.kind() == Lexer.NAME) && t.text().equals(op);
    }

    private boolean accept(String op) {
        if (at(op)) {
            p++;
            return true;
        }
        return false;
    }

    private Token expect(String op) {
        if (!at(op)) {
            throw error(peek().kind() == Lexer.END || peek().kind() == Lexer.NEWLINE
                    ? "expected '" + op + "'" : "invalid syntax (expected '" + op + "')");
        }
        return tokens.get(p++);
    }

    private void expectKind(int kind, String message) {
        if (peek().kind() != kind) {
            throw error(message);
        }
        p++;
    }

    private ExpressionSyntaxException error(String message) {
        Token t = peek();
        return Lexer.error(message, t.line(), t.column());
    }

    private ExpressionSyntaxException invalid() {
        Token t = peek();
        if (t.kind() == Lexer.END) {
            return error("unexpected end of script");
        }
        if (t.kind() == Lexer.INDENT) {
            return error("unexpected indent");
        }
        return error("invalid syntax");
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw error("too many nested expressions or blocks (the limit is " + MAX_DEPTH + ")");
        }
    }

    // ------------------------------------------------------------------ statements

    private List<Stmt> statement() {
        Token t = peek();
        if (t.kind() == Lexer.INDENT) {
            throw error("unexpected indent");
        }
        if (t.kind() == Lexer.NAME) {
            switch (t.text()) {
                case "if":
                    return List.of(ifStatement());
                case "for":
                    return List.of(forStatement());
                case "while":
                    return List.of(whileStatement());
                case "def":
                    return List.of(defStatement());
                case "import":
                case "from":
                    throw error("import statements are not allowed");
                default:
                    if (UNSUPPORTED_STATEMENTS.contains(t.text())) {
                        throw error("'" + t.text() + "' is not supported");
                    }
            }
        }
        List<Stmt> out = new ArrayList<>();
        out.add(smallStatement());
        while (accept(";")) {
            if (peek().kind() == Lexer.NEWLINE) {
                break;
            }
            out.add(smallStatement());
        }
        expectKind(Lexer.NEWLINE, "invalid syntax");
        return out;
    }

    private Stmt smallStatement() {
        Token t = peek();
        if (t.kind() == Lexer.NAME) {
            switch (t.text()) {
                case "pass":
                    p++;
                    return new Nodes.Jump(Stmt.NORMAL);
                case "break":
                case "continue":
                    if (loopDepth == 0) {
                        throw error("'" + t.text() + "' outside loop");
                    }
                    p++;
                    return new Nodes.Jump(t.text().equals("break") ? Stmt.BREAK : Stmt.CONTINUE);
                case "return": {
                    p++;
                    if (peek().kind() == Lexer.NEWLINE || at(";")) {
                        return new Nodes.Return(null);
                    }
                    return new Nodes.Return(testList());
                }
                case "assert": {
                    p++;
                    Node condition = test();
                    Node message = accept(",") ? test() : null;
                    return new Nodes.Assert(condition, message);
                }
                case "import":
                case "from":
                    throw error("import statements are not allowed");
                default:
                    if (UNSUPPORTED_STATEMENTS.contains(t.text())) {
                        throw error("'" + t.text() + "' is not supported");
                    }
            }
        }
        Node first = testList();
        if (at("=")) {
            List<Target> targets = new ArrayList<>();
            Node value = first;
            while (accept("=")) {
                targets.add(target(value, scope));
                value = testList();
            }
            return new Nodes.Assign(targets.toArray(new Target[0]), value);
        }
        Integer op = peek().kind() == Lexer.OP ? AUGMENTED.get(peek().text()) : null;
        if (op != null) {
            Token opToken = tokens.get(p++);
            Node value = testList();
            if (first instanceof Nodes.Name n) {
                return new Nodes.AugAssign(op, declare(scope, n.name), n.name, null, null, value);
            }
            if (first instanceof Nodes.Item i) {
                return new Nodes.AugAssign(op, -1, null, i.target, i.key, value);
            }
            if (first instanceof Nodes.ConstItem i) {
                return new Nodes.AugAssign(op, -1, null, i.target, new Nodes.Const(i.key), value);
            }
            throw Lexer.error("'" + opToken.text() + "' cannot assign to this expression", opToken.line(), opToken.column());
        }
        if (at(":")) {
            throw error("variable annotations are not supported");
        }
        return new Nodes.ExprStmt(first);
    }

    private Stmt block(Token header) {
        expect(":");
        enter();
        try {
            if (peek().kind() != Lexer.NEWLINE) {
                List<Stmt> inline = new ArrayList<>();
                inline.add(smallStatement());
                while (accept(";")) {
                    if (peek().kind() == Lexer.NEWLINE) {
                        break;
                    }
                    inline.add(smallStatement());
                }
                expectKind(Lexer.NEWLINE, "invalid syntax");
                return inline.size() == 1 ? inline.get(0) : new Nodes.Block(inline.toArray(new Stmt[0]));
            }
            p++;
            if (peek().kind() != Lexer.INDENT) {
                throw error("expected an indented block after '" + header.text() + "' statement on line " + header.line());
            }
            p++;
            List<Stmt> body = new ArrayList<>();
            while (peek().kind() != Lexer.DEDENT && peek().kind() != Lexer.END) {
                body.addAll(statement());
            }
            expectKind(Lexer.DEDENT, "invalid syntax");
            return body.size() == 1 ? body.get(0) : new Nodes.Block(body.toArray(new Stmt[0]));
        } finally {
            depth--;
        }
    }

    private Stmt ifStatement() {
        Token header = tokens.get(p++);
        Node condition = test();
        Stmt then = block(header);
        Stmt otherwise = null;
        if (at("elif")) {
            otherwise = ifStatement();
        } else if (at("else")) {
            Token elseToken = tokens.get(p++);
            otherwise = block(elseToken);
        }
        return new Nodes.If(condition, then, otherwise);
    }

    private Stmt forStatement() {
        Token header = tokens.get(p++);
        Node targetExpression = targetList();
        expect("in");
        Node iterable = testList();
        Target target = target(targetExpression, scope);
        loopDepth++;
        Stmt body;
        try {
            body = block(header);
        } finally {
            loopDepth--;
        }
        Stmt otherwise = null;
        if (at("else")) {
            otherwise = block(tokens.get(p++));
        }
        return new Nodes.For(target, iterable, body, otherwise);
    }

    private Stmt whileStatement() {
        Token header = tokens.get(p++);
        Node condition = test();
        loopDepth++;
        Stmt body;
        try {
            body = block(header);
        } finally {
            loopDepth--;
        }
        Stmt otherwise = null;
        if (at("else")) {
            otherwise = block(tokens.get(p++));
        }
        return new Nodes.While(condition, body, otherwise);
    }

    private Stmt defStatement() {
        Token header = tokens.get(p++);
        Token nameToken = peek();
        if (nameToken.kind() != Lexer.NAME || KEYWORDS.contains(nameToken.text())) {
            throw invalid();
        }
        p++;
        checkName(nameToken);
        int slot = declare(scope, nameToken.text());
        expect("(");
        FunctionBuilder fn = parameters(nameToken.text(), ")");
        expect(")");
        if (accept("->")) {
            test();
        }
        int savedLoops = loopDepth;
        Scope outer = scope;
        loopDepth = 0;
        functionDepth++;
        scope = fn.scope;
        try {
            fn.code.body = block(header);
        } finally {
            scope = outer;
            loopDepth = savedLoops;
            functionDepth--;
        }
        return new Nodes.Def(slot, new Nodes.Lambda(fn.code, fn.defaults, fn.code.body.height));
    }

    private record FunctionBuilder(Nodes.FunctionCode code, Scope scope, Node[] defaults) {}

    /** Parses a parameter list (defaults are evaluated in the enclosing scope) and opens the function's scope. */
    private FunctionBuilder parameters(String functionName, String closing) {
        List<Token> params = new ArrayList<>();
        List<Node> defaults = new ArrayList<>();
        while (!at(closing)) {
            if (at("*") || at("**") || at("/")) {
                throw error("*args, **kwargs and positional-only markers are not supported");
            }
            Token t = peek();
            if (t.kind() != Lexer.NAME || KEYWORDS.contains(t.text())) {
                throw invalid();
            }
            checkName(t);
            for (Token other : params) {
                if (other.text().equals(t.text())) {
                    throw error("duplicate argument '" + t.text() + "' in function definition");
                }
            }
            p++;
            params.add(t);
            if (closing.equals(")") && accept(":")) {
                test();
            }
            if (accept("=")) {
                defaults.add(test());
            } else if (!defaults.isEmpty()) {
                throw error("parameter without a default follows parameter with a default");
            }
            if (!accept(",")) {
                break;
            }
        }
        String[] paramNames = new String[params.size()];
        for (int i = 0; i < paramNames.length; i++) {
            paramNames[i] = params.get(i).text();
        }
        Nodes.FunctionCode code = new Nodes.FunctionCode(functionName, paramNames, new int[paramNames.length],
                functionCount++);
        owned.put(code, new ArrayList<>());
        Scope fnScope = new Scope(scope, code);
        scopes.add(fnScope);
        for (int i = 0; i < paramNames.length; i++) {
            code.paramSlots[i] = declare(fnScope, paramNames[i]);
        }
        return new FunctionBuilder(code, fnScope, defaults.toArray(new Node[0]));
    }

    private void checkName(Token t) {
        if (t.text().startsWith("__")) {
            throw Lexer.error("access to '" + t.text() + "' is not allowed", t.line(), t.column());
        }
    }

    /** Converts a parsed expression into an assignment target, declaring names in {@code declareIn}. */
    private Target target(Node n, Scope declareIn) {
        if (n instanceof Nodes.Name name) {
            return new Nodes.NameTarget(declare(declareIn, name.name));
        }
        if (n instanceof Nodes.TupleDisplay t) {
            return unpack(t.items, declareIn);
        }
        if (n instanceof Nodes.ListDisplay l) {
            return unpack(l.items, declareIn);
        }
        if (n instanceof Nodes.Item i) {
            return new Nodes.ItemTarget(i.target, i.key);
        }
        if (n instanceof Nodes.ConstItem i) {
            return new Nodes.ItemTarget(i.target, new Nodes.Const(i.key));
        }
        throw error("cannot assign to this expression");
    }

    private Target unpack(Node[] items, Scope declareIn) {
        Target[] parts = new Target[items.length];
        for (int i = 0; i < items.length; i++) {
            parts[i] = target(items[i], declareIn);
        }
        return new Nodes.UnpackTarget(parts);
    }

    // ------------------------------------------------------------------ expressions

    /** {@code a, b, c} (a tuple when there is a comma) or a single test. */
    private Node testList() {
        Node first = test();
        if (!at(",")) {
            return first;
        }
        List<Node> items = new ArrayList<>();
        items.add(first);
        while (accept(",")) {
            if (atExpressionEnd()) {
                break;
            }
            items.add(test());
        }
        return tuple(items);
    }

    /** The target list of a {@code for}: stops before {@code in}. */
    private Node targetList() {
        Node first = bitOr();
        if (!at(",")) {
            return first;
        }
        List<Node> items = new ArrayList<>();
        items.add(first);
        while (accept(",")) {
            if (at("in")) {
                break;
            }
            items.add(bitOr());
        }
        return new Nodes.TupleDisplay(items.toArray(new Node[0]));
    }

    private boolean atExpressionEnd() {
        Token t = peek();
        return t.kind() == Lexer.NEWLINE || t.kind() == Lexer.END || at("=") || at(")") || at("]") || at("}")
                || at(";") || at(":") || (t.kind() == Lexer.OP && AUGMENTED.containsKey(t.text()));
    }

    private Node test() {
        enter();
        try {
            if (at("lambda")) {
                return lambda();
            }
            Node n = orTest();
            if (at(":=")) {
                throw error("assignment expressions (:=) are not supported");
            }
            if (accept("if")) {
                Node condition = orTest();
                expect("else");
                Node otherwise = test();
                return new Nodes.IfElse(condition, n, otherwise);
            }
            return n;
        } finally {
            depth--;
        }
    }

    private Node lambda() {
        p++;
        FunctionBuilder fn = parameters("<lambda>", ":");
        expect(":");
        Scope outer = scope;
        int savedLoops = loopDepth;
        scope = fn.scope;
        loopDepth = 0;
        try {
            fn.code.expression = test();
        } finally {
            scope = outer;
            loopDepth = savedLoops;
        }
        return new Nodes.Lambda(fn.code, fn.defaults, fn.code.expression.height);
    }

    private Node orTest() {
        Node first = andTest();
        if (!at("or")) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (accept("or")) {
            operands.add(andTest());
        }
        return new Nodes.Or(operands.toArray(new Node[0]));
    }

    private Node andTest() {
        Node first = notTest();
        if (!at("and")) {
            return first;
        }
        List<Node> operands = new ArrayList<>();
        operands.add(first);
        while (accept("and")) {
            operands.add(notTest());
        }
        return new Nodes.And(operands.toArray(new Node[0]));
    }

    private Node notTest() {
        if (accept("not")) {
            enter();
            try {
                return new Nodes.Not(notTest());
            } finally {
                depth--;
            }
        }
        return comparison();
    }

    private int comparisonOperator() {
        Token t = peek();
        if (t.kind() == Lexer.OP) {
            int op = switch (t.text()) {
                case "<" -> Py.LT;
                case "<=" -> Py.LE;
                case ">" -> Py.GT;
                case ">=" -> Py.GE;
                case "==" -> Nodes.EQ;
                case "!=" -> Nodes.NE;
                default -> -1;
            };
            if (op >= 0) {
                p++;
            }
            return op;
        }
        if (t.kind() == Lexer.NAME) {
            if (t.text().equals("in")) {
                p++;
                return Nodes.IN;
            }
            if (t.text().equals("not") && peek(1).is("in")) {
                p += 2;
                return Nodes.NOT_IN;
            }
            if (t.text().equals("is")) {
                p++;
                return accept("not") ? Nodes.IS_NOT : Nodes.IS;
            }
        }
        return -1;
    }

    private Node comparison() {
        Node left = bitOr();
        int op = comparisonOperator();
        if (op < 0) {
            return left;
        }
        List<Integer> ops = new ArrayList<>();
        List<Node> operands = new ArrayList<>();
        operands.add(left);
        while (op >= 0) {
            ops.add(op);
            operands.add(bitOr());
            op = comparisonOperator();
        }
        if (ops.size() == 1) {
            int only = ops.get(0);
            Node right = membershipConstant(only, operands.get(1));
            if (right instanceof Nodes.Const c) {
                return new Nodes.CompareConst(only, left, c.value);
            }
            return new Nodes.Compare(only, left, right);
        }
        return new Nodes.CompareChain(ops.stream().mapToInt(Integer::intValue).toArray(), operands.toArray(new Node[0]));
    }

    /** {@code x in ['a', 'b']} / {@code x in {'a', 'b'}} with constant items: build the container once. */
    private static Node membershipConstant(int op, Node right) {
        if (op != Nodes.IN && op != Nodes.NOT_IN) {
            return right;
        }
        Node[] items = right instanceof Nodes.ListDisplay l ? l.items : right instanceof Nodes.SetDisplay s ? s.items : null;
        if (items == null || !allConstant(items)) {
            return right;
        }
        Object[] values = new Object[items.length];
        for (int i = 0; i < items.length; i++) {
            values[i] = ((Nodes.Const) items[i]).value;
        }
        if (right instanceof Nodes.SetDisplay) {
            PySet set = new PySet();
            try {
                for (Object v : values) {
                    Builtin.addToSet(set, v);
                }
            } catch (ExpressionException e) {
                return right;
            }
            return new Nodes.Const(set);
        }
        return new Nodes.Const(new PyTuple(values));
    }

    private static boolean allConstant(Node[] items) {
        for (Node n : items) {
            if (!(n instanceof Nodes.Const)) {
                return false;
            }
        }
        return true;
    }

    private Node bitOr() {
        Node left = bitXor();
        while (at("|")) {
            p++;
            left = binary(Py.BITOR, left, bitXor());
        }
        return left;
    }

    private Node bitXor() {
        Node left = bitAnd();
        while (at("^")) {
            p++;
            left = binary(Py.BITXOR, left, bitAnd());
        }
        return left;
    }

    private Node bitAnd() {
        Node left = shift();
        while (at("&")) {
            p++;
            left = binary(Py.BITAND, left, shift());
        }
        return left;
    }

    private Node shift() {
        Node left = arith();
        while (at("<<") || at(">>")) {
            int op = tokens.get(p++).text().equals("<<") ? Py.LSHIFT : Py.RSHIFT;
            left = binary(op, left, arith());
        }
        return left;
    }

    private Node arith() {
        Node left = term();
        while (at("+") || at("-")) {
            int op = tokens.get(p++).text().equals("+") ? Py.ADD : Py.SUB;
            left = binary(op, left, term());
        }
        return left;
    }

    private Node term() {
        Node left = factor();
        while (true) {
            int op;
            if (at("*")) {
                op = Py.MUL;
            } else if (at("/")) {
                op = Py.TRUEDIV;
            } else if (at("//")) {
                op = Py.FLOORDIV;
            } else if (at("%")) {
                op = Py.MOD;
            } else if (at("@")) {
                throw error("the @ operator is not supported");
            } else {
                return left;
            }
            p++;
            left = binary(op, left, factor());
        }
    }

    private Node factor() {
        if (at("-") || at("+") || at("~")) {
            char op = tokens.get(p++).text().charAt(0);
            enter();
            try {
                Node operand = factor();
                if (op == '-' && operand instanceof Nodes.Const c && Py.numKind(c.value) != 0 && !(c.value instanceof Boolean)) {
                    return new Nodes.Const(Py.negate(c.value));
                }
                return new Nodes.Unary(op, operand);
            } finally {
                depth--;
            }
        }
        return power();
    }

    private Node power() {
        Node base = primary();
        if (accept("**")) {
            enter();
            try {
                return binary(Py.POW, base, factor());
            } finally {
                depth--;
            }
        }
        return base;
    }

    /** A binary operation, folded when both sides are small constants and the result is a small immutable value. */
    private static Node binary(int op, Node left, Node right) {
        if (left instanceof Nodes.Const l && right instanceof Nodes.Const r && Py.numKind(l.value) != 0
                && Py.numKind(r.value) != 0) {
            try {
                Object v = Py.binary(new Frame(0, 10_000, 1_000_000_000L, 1), op, l.value, r.value);
                if (!(v instanceof java.math.BigInteger b) || b.bitLength() < 4096) {
                    return new Nodes.Const(v);
                }
            } catch (ExpressionException e) {
                // leave it to run time, where the error belongs
            }
        }
        return new Nodes.Binary(op, left, right);
    }

    private Node primary() {
        Node n = atom();
        while (true) {
            if (at("(")) {
                Token open = tokens.get(p++);
                n = call(n, open);
            } else if (at("[")) {
                p++;
                n = subscript(n);
            } else if (at(".")) {
                p++;
                Token attr = peek();
                if (attr.kind() != Lexer.NAME) {
                    throw invalid();
                }
                checkName(attr);
                if (attr.text().startsWith("_")) {
                    throw Lexer.error("access to '" + attr.text() + "' is not allowed", attr.line(), attr.column());
                }
                p++;
                n = new Nodes.Attribute(n, attr.text());
            } else {
                return n;
            }
        }
    }

    private Node call(Node callee, Token open) {
        enter();
        try {
            List<Node> positional = new ArrayList<>();
            List<String> keywordNames = new ArrayList<>();
            List<Node> keywordValues = new ArrayList<>();
            while (!at(")")) {
                if (at("*") || at("**")) {
                    throw error("*args and **kwargs in calls are not supported");
                }
                Token t = peek();
                if (t.kind() == Lexer.NAME && peek(1).kind() == Lexer.OP && peek(1).text().equals("=")) {
                    checkName(t);
                    if (keywordNames.contains(t.text())) {
                        throw error("keyword argument repeated: " + t.text());
                    }
                    p += 2;
                    keywordNames.add(t.text());
                    keywordValues.add(test());
                } else {
                    if (!keywordNames.isEmpty()) {
                        throw error("positional argument follows keyword argument");
                    }
                    int nameMark = names.size();
                    int scopeMark = scopes.size();
                    Node arg = test();
                    if (at("for")) {
                        if (!positional.isEmpty() || !at("for")) {
                            throw error("Generator expression must be parenthesized");
                        }
                        arg = comprehension(Nodes.GENERATOR, arg, null, nameMark, scopeMark);
                        if (!at(")")) {
                            throw error("Generator expression must be parenthesized");
                        }
                    }
                    positional.add(arg);
                }
                if (!accept(",")) {
                    break;
                }
            }
            expect(")");
            Node[] args = new Node[positional.size() + keywordValues.size()];
            for (int i = 0; i < positional.size(); i++) {
                args[i] = positional.get(i);
            }
            for (int i = 0; i < keywordValues.size(); i++) {
                args[positional.size() + i] = keywordValues.get(i);
            }
            String[] keywords = keywordNames.isEmpty() ? null : keywordNames.toArray(new String[0]);
            if (callee instanceof Nodes.Attribute a) {
                return new Nodes.MethodCall(a.target, a.name, args, keywords);
            }
            return new Nodes.Call(callee, args, keywords);
        } finally {
            depth--;
        }
    }

    private Node subscript(Node target) {
        enter();
        try {
            Node lower = null;
            if (!at(":")) {
                lower = test();
            }
            if (accept(":")) {
                Node upper = at(":") || at("]") ? null : test();
                Node step = null;
                if (accept(":")) {
                    step = at("]") ? null : test();
                }
                expect("]");
                return new Nodes.Slice(target, lower, upper, step);
            }
            Node key = lower;
            if (at(",")) {
                List<Node> items = new ArrayList<>();
                items.add(lower);
                while (accept(",")) {
                    if (at("]")) {
                        break;
                    }
                    items.add(test());
                }
                key = tuple(items);
            }
            expect("]");
            if (key instanceof Nodes.Const c) {
                return new Nodes.ConstItem(target, c.value);
            }
            return new Nodes.Item(target, key);
        } finally {
            depth--;
        }
    }

    private static Node tuple(List<Node> items) {
        Node[] array = items.toArray(new Node[0]);
        if (allConstant(array)) {
            Object[] values = new Object[array.length];
            for (int i = 0; i < array.length; i++) {
                values[i] = ((Nodes.Const) array[i]).value;
            }
            boolean immutable = true;
            for (Object v : values) {
                immutable &= v == null || v instanceof Boolean || v instanceof Number || v instanceof String
                        || v instanceof PyTuple;
            }
            if (immutable) {
                return new Nodes.Const(new PyTuple(values));
            }
        }
        return new Nodes.TupleDisplay(array);
    }

    private Node atom() {
        Token t = peek();
        switch (t.kind()) {
            case Lexer.NUMBER:
                p++;
                return new Nodes.Const(t.value());
            case Lexer.STRING:
            case Lexer.FSTRING:
                return strings();
            case Lexer.NAME: {
                switch (t.text()) {
                    case "True":
                        p++;
                        return new Nodes.Const(Boolean.TRUE);
                    case "False":
                        p++;
                        return new Nodes.Const(Boolean.FALSE);
                    case "None":
                        p++;
                        return new Nodes.Const(null);
                    case "import":
                    case "from":
                        throw error("import statements are not allowed");
                    default:
                        break;
                }
                if (KEYWORDS.contains(t.text())) {
                    throw invalid();
                }
                checkName(t);
                p++;
                return name(t.text());
            }
            case Lexer.OP:
                break;
            default:
                throw invalid();
        }
        if (at("(")) {
            p++;
            enter();
            try {
                if (accept(")")) {
                    return new Nodes.Const(PyTuple.EMPTY);
                }
                int nameMark = names.size();
                int scopeMark = scopes.size();
                Node first = test();
                if (at("for")) {
                    Node gen = comprehension(Nodes.GENERATOR, first, null, nameMark, scopeMark);
                    expect(")");
                    return gen;
                }
                if (!at(",")) {
                    expect(")");
                    return first;
                }
                List<Node> items = new ArrayList<>();
                items.add(first);
                while (accept(",")) {
                    if (at(")")) {
                        break;
                    }
                    items.add(test());
                }
                expect(")");
                return tuple(items);
            } finally {
                depth--;
            }
        }
        if (at("[")) {
            p++;
            enter();
            try {
                List<Node> items = new ArrayList<>();
                if (accept("]")) {
                    return new Nodes.ListDisplay(new Node[0]);
                }
                int nameMark = names.size();
                int scopeMark = scopes.size();
                Node first = test();
                if (at("for")) {
                    Node comp = comprehension(Nodes.LIST, first, null, nameMark, scopeMark);
                    expect("]");
                    return comp;
                }
                items.add(first);
                while (accept(",")) {
                    if (at("]")) {
                        break;
                    }
                    items.add(test());
                }
                expect("]");
                return new Nodes.ListDisplay(items.toArray(new Node[0]));
            } finally {
                depth--;
            }
        }
        if (at("{")) {
            p++;
            enter();
            try {
                return braces();
            } finally {
                depth--;
            }
        }
        throw invalid();
    }

    private Node braces() {
        if (accept("}")) {
            return new Nodes.DictDisplay(new Node[0], new Node[0]);
        }
        if (at("**")) {
            throw error("dict unpacking (**) is not supported");
        }
        int nameMark = names.size();
        int scopeMark = scopes.size();
        Node first = test();
        if (accept(":")) {
            Node firstValue = test();
            if (at("for")) {
                Node comp = comprehension(Nodes.DICT, first, firstValue, nameMark, scopeMark);
                expect("}");
                return comp;
            }
            List<Node> keys = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            keys.add(first);
            values.add(firstValue);
            while (accept(",")) {
                if (at("}")) {
                    break;
                }
                keys.add(test());
                expect(":");
                values.add(test());
            }
            expect("}");
            return new Nodes.DictDisplay(keys.toArray(new Node[0]), values.toArray(new Node[0]));
        }
        if (at("for")) {
            Node comp = comprehension(Nodes.SET, first, null, nameMark, scopeMark);
            expect("}");
            return comp;
        }
        List<Node> items = new ArrayList<>();
        items.add(first);
        while (accept(",")) {
            if (at("}")) {
                break;
            }
            items.add(test());
        }
        expect("}");
        return new Nodes.SetDisplay(items.toArray(new Node[0]));
    }

    /**
     * The {@code for ... in ... if ...} clauses after an element. The element was parsed before we knew it
     * belonged to a comprehension, so its names (and any lambdas in it) move into the comprehension's scope.
     */
    private Node comprehension(int kind, Node element, Node value, int nameMark, int scopeMark) {
        Scope enclosing = scope;
        Scope comp = new Scope(enclosing, enclosing.owner);
        for (int i = nameMark; i < names.size(); i++) {
            if (names.get(i).scope == enclosing) {
                names.get(i).scope = comp;
            }
        }
        for (int i = scopeMark; i < scopes.size(); i++) {
            if (scopes.get(i).parent == enclosing) {
                scopes.get(i).parent = comp;
            }
        }
        scopes.add(comp);
        List<Target> targets = new ArrayList<>();
        List<Node> iterables = new ArrayList<>();
        List<Node[]> conditions = new ArrayList<>();
        try {
            while (at("for")) {
                p++;
                scope = comp;
                Node targetExpression = targetList();
                expect("in");
                scope = iterables.isEmpty() ? enclosing : comp;
                iterables.add(orTest());
                scope = comp;
                targets.add(target(targetExpression, comp));
                List<Node> ifs = new ArrayList<>();
                while (accept("if")) {
                    ifs.add(orTest());
                }
                conditions.add(ifs.toArray(new Node[0]));
            }
        } finally {
            scope = enclosing;
        }
        return new Nodes.Comprehension(kind, element, value, targets.toArray(new Target[0]),
                iterables.toArray(new Node[0]), conditions.toArray(new Node[0][]));
    }

    // ------------------------------------------------------------------ strings

    private Node strings() {
        List<Object> parts = new ArrayList<>();
        List<Character> conversions = new ArrayList<>();
        List<String> specs = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        boolean formatted = false;
        while (peek().kind() == Lexer.STRING || peek().kind() == Lexer.FSTRING) {
            Token t = tokens.get(p++);
            if (t.kind() == Lexer.STRING) {
                literal.append((String) t.value());
                Py.checkSize(literal.length());
                continue;
            }
            formatted = true;
            Lexer.FString fs = (Lexer.FString) t.value();
            String body = fs.body();
            int i = 0;
            StringBuilder text = new StringBuilder();
            while (i < body.length()) {
                char c = body.charAt(i);
                if (c == '{' && i + 1 < body.length() && body.charAt(i + 1) == '{') {
                    text.append('{');
                    i += 2;
                } else if (c == '}' && i + 1 < body.length() && body.charAt(i + 1) == '}') {
                    text.append('}');
                    i += 2;
                } else if (c == '}') {
                    throw Lexer.error("f-string: single '}' is not allowed", fs.line(), fs.column() + i);
                } else if (c == '{') {
                    literal.append(fs.raw() ? text : Lexer.decode(text.toString(), fs.line(), fs.column()));
                    text.setLength(0);
                    i = field(fs, i + 1, literal, parts, conversions, specs);
                } else {
                    text.append(c);
                    i++;
                }
            }
            literal.append(fs.raw() ? text : Lexer.decode(text.toString(), fs.line(), fs.column()));
        }
        if (!formatted) {
            return new Nodes.Const(literal.toString());
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
            conversions.add((char) 0);
            specs.add(null);
        }
        char[] conv = new char[conversions.size()];
        for (int i = 0; i < conv.length; i++) {
            conv[i] = conversions.get(i);
        }
        return new Nodes.FormattedString(parts.toArray(), conv, specs.toArray(new String[0]));
    }

    /** Parses one {@code {expression!c:spec}} field of an f-string; returns the index after its '}'. */
    private int field(Lexer.FString fs, int start, StringBuilder literal, List<Object> parts, List<Character> conversions,
            List<String> specs) {
        String body = fs.body();
        int nesting = 0;
        int i = start;
        int exprEnd = -1;
        char quote = 0;
        for (; i < body.length(); i++) {
            char c = body.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
                continue;
            }
            if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(' || c == '[' || c == '{') {
                nesting++;
            } else if (c == ')' || c == ']' || (c == '}' && nesting > 0)) {
                nesting--;
            } else if (nesting == 0 && (c == '}' || c == ':' || (c == '!' && i + 1 < body.length() && body.charAt(i + 1) != '='))) {
                exprEnd = i;
                break;
            }
        }
        if (exprEnd < 0) {
            throw Lexer.error("f-string: expecting '}'", fs.line(), fs.column() + start);
        }
        String expression = body.substring(start, exprEnd);
        if (expression.isBlank()) {
            throw Lexer.error("f-string: valid expression required before '}'", fs.line(), fs.column() + start);
        }
        char conversion = 0;
        i = exprEnd;
        if (body.charAt(i) == '!') {
            if (i + 1 >= body.length() || "rsa".indexOf(body.charAt(i + 1)) < 0) {
                throw Lexer.error("f-string: invalid conversion character", fs.line(), fs.column() + i);
            }
            conversion = body.charAt(i + 1);
            i += 2;
        }
        String spec = null;
        if (i < body.length() && body.charAt(i) == ':') {
            int close = body.indexOf('}', i);
            if (close < 0) {
                throw Lexer.error("f-string: expecting '}'", fs.line(), fs.column() + i);
            }
            spec = body.substring(i + 1, close);
            if (spec.indexOf('{') >= 0) {
                throw Lexer.error("f-string: nested replacement fields in format specs are not supported", fs.line(),
                        fs.column() + i);
            }
            i = close;
        }
        if (i >= body.length() || body.charAt(i) != '}') {
            throw Lexer.error("f-string: expecting '}'", fs.line(), fs.column() + i);
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
            conversions.add((char) 0);
            specs.add(null);
            literal.setLength(0);
        }
        List<Token> saved = tokens;
        int savedP = p;
        tokens = Lexer.tokenizeEmbedded(expression, fs.line(), fs.column() + start);
        p = 0;
        try {
            Node n = testList();
            if (peek().kind() != Lexer.END) {
                throw invalid();
            }
            parts.add(n);
        } finally {
            tokens = saved;
            p = savedP;
        }
        conversions.add(conversion);
        specs.add(spec);
        return i + 1;
    }
}
