package io.flowproof.domain.expression.python;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.RandomAccess;

/**
 * The executable tree a script compiles to. Each node evaluates itself against a {@link Frame}; names
 * are resolved to frame slots at compile time, constants are folded, and common shapes
 * ({@code data['k']}, {@code x > 100}, {@code a and b}) have dedicated nodes, so evaluation does no
 * parsing, no map lookups for variables and, on the common paths, no allocation.
 *
 * <p>Every node knows its height; the parser refuses trees higher than {@link #MAX_HEIGHT}, which bounds
 * the Java stack an evaluation can use.
 */
final class Nodes {

    static final int MAX_HEIGHT = 400;

    static final int EQ = 4;
    static final int NE = 5;
    static final int IN = 6;
    static final int NOT_IN = 7;
    static final int IS = 8;
    static final int IS_NOT = 9;

    private Nodes() {}

    /** Thrown while building a tree higher than {@link #MAX_HEIGHT}; the parser turns it into a syntax error. */
    static final class TooDeep extends RuntimeException {
        TooDeep() {
            super(null, null, false, false);
        }
    }

    static int height(Object... parts) {
        int max = 0;
        for (Object p : parts) {
            if (p instanceof Node n) {
                max = Math.max(max, n.height);
            } else if (p instanceof Stmt s) {
                max = Math.max(max, s.height);
            } else if (p instanceof Object[] array) {
                max = Math.max(max, height(array));
            }
        }
        if (max + 1 > MAX_HEIGHT) {
            throw new TooDeep();
        }
        return max + 1;
    }

    // ================================================================== expressions

    abstract static class Node {
        final int height;

        Node(int height) {
            this.height = height;
        }

        abstract Object eval(Frame f);

        boolean test(Frame f) {
            return Py.truthy(eval(f));
        }
    }

    static final class Const extends Node {
        final Object value;

        Const(Object value) {
            super(1);
            this.value = value;
        }

        @Override
        Object eval(Frame f) {
            return value;
        }
    }

    /** A variable read; {@link #slot} or {@link #builtin} is filled in once the whole script is parsed. */
    static final class Name extends Node {
        final String name;
        Object scope;
        int slot = -1;
        Object builtin;

        Name(String name, Object scope) {
            super(1);
            this.name = name;
            this.scope = scope;
        }

        @Override
        Object eval(Frame f) {
            int s = slot;
            if (s >= 0) {
                Object v = f.slots[s];
                if (v != Frame.UNBOUND) {
                    return v;
                }
            } else if (builtin != null) {
                return builtin;
            }
            throw PyError.name(name);
        }
    }

    static final class Item extends Node {
        final Node target;
        final Node key;

        Item(Node target, Node key) {
            super(height(target, key));
            this.target = target;
            this.key = key;
        }

        @Override
        Object eval(Frame f) {
            Object t = target.eval(f);
            return Py.getItem(f, t, key.eval(f));
        }
    }

    /** {@code x['key']} / {@code x[0]}: a subscript with a constant key. */
    static final class ConstItem extends Node {
        final Node target;
        final Object key;

        ConstItem(Node target, Object key) {
            super(height(target));
            this.target = target;
            this.key = key;
        }

        @Override
        Object eval(Frame f) {
            Object t = target.eval(f);
            if (t instanceof Map<?, ?> m && key != null) {
                Object v = m.get(key);
                if (v != null) {
                    return v;
                }
            }
            return Py.getItem(f, t, key);
        }
    }

    static final class Slice extends Node {
        final Node target;
        final Node lower;
        final Node upper;
        final Node step;

        Slice(Node target, Node lower, Node upper, Node step) {
            super(height(target, lower, upper, step));
            this.target = target;
            this.lower = lower;
            this.upper = upper;
            this.step = step;
        }

        @Override
        Object eval(Frame f) {
            Object t = target.eval(f);
            return Py.slice(f, t, lower == null ? null : lower.eval(f), upper == null ? null : upper.eval(f),
                    step == null ? null : step.eval(f));
        }
    }

    /** {@code x.name} without a call: a bound method. Values have no other attributes. */
    static final class Attribute extends Node {
        final Node target;
        final String name;
        final Method method;

        Attribute(Node target, String name) {
            super(height(target));
            this.target = target;
            this.name = name;
            this.method = Method.named(name);
        }

        @Override
        Object eval(Frame f) {
            Object t = target.eval(f);
            if (method != null && method.appliesTo(t)) {
                return new BoundMethod(t, method);
            }
            throw PyError.attribute(t, name);
        }
    }

    static final class MethodCall extends Node {
        final Node target;
        final String name;
        final Method method;
        final Node[] args;
        final String[] keywords;

        MethodCall(Node target, String name, Node[] args, String[] keywords) {
            super(height(target, args));
            this.target = target;
            this.name = name;
            this.method = Method.named(name);
            this.args = args;
            this.keywords = keywords;
        }

        @Override
        Object eval(Frame f) {
            Object self = target.eval(f);
            if (method == null) {
                throw PyError.attribute(self, name);
            }
            return method.call(f, self, evalAll(f, args), keywords);
        }
    }

    static final class Call extends Node {
        final Node function;
        final Node[] args;
        final String[] keywords;

        Call(Node function, Node[] args, String[] keywords) {
            super(height(function, args));
            this.function = function;
            this.args = args;
            this.keywords = keywords;
        }

        @Override
        Object eval(Frame f) {
            Object callee = function.eval(f);
            if (callee instanceof PyCallable c) {
                return c.call(f, evalAll(f, args), keywords);
            }
            throw PyError.type("'" + Py.typeName(callee) + "' object is not callable");
        }
    }

    static Object[] evalAll(Frame f, Node[] nodes) {
        Object[] values = new Object[nodes.length];
        for (int i = 0; i < nodes.length; i++) {
            values[i] = nodes[i].eval(f);
        }
        return values;
    }

    static final class Not extends Node {
        final Node operand;

        Not(Node operand) {
            super(height(operand));
            this.operand = operand;
        }

        @Override
        Object eval(Frame f) {
            return !operand.test(f);
        }

        @Override
        boolean test(Frame f) {
            return !operand.test(f);
        }
    }

    static final class Unary extends Node {
        final char op;
        final Node operand;

        Unary(char op, Node operand) {
            super(height(operand));
            this.op = op;
            this.operand = operand;
        }

        @Override
        Object eval(Frame f) {
            Object v = operand.eval(f);
            return switch (op) {
                case '-' -> Py.negate(v);
                case '+' -> Py.plus(v);
                default -> Py.invert(v);
            };
        }
    }

    static final class Binary extends Node {
        final int op;
        final Node left;
        final Node right;

        Binary(int op, Node left, Node right) {
            super(height(left, right));
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame f) {
            Object l = left.eval(f);
            Object r = right.eval(f);
            return Py.binary(f, op, l, r);
        }
    }

    static final class And extends Node {
        final Node[] operands;

        And(Node[] operands) {
            super(height((Object) operands));
            this.operands = operands;
        }

        @Override
        Object eval(Frame f) {
            Object v = null;
            for (Node n : operands) {
                v = n.eval(f);
                if (!Py.truthy(v)) {
                    return v;
                }
            }
            return v;
        }

        @Override
        boolean test(Frame f) {
            for (Node n : operands) {
                if (!n.test(f)) {
                    return false;
                }
            }
            return true;
        }
    }

    static final class Or extends Node {
        final Node[] operands;

        Or(Node[] operands) {
            super(height((Object) operands));
            this.operands = operands;
        }

        @Override
        Object eval(Frame f) {
            Object v = null;
            for (Node n : operands) {
                v = n.eval(f);
                if (Py.truthy(v)) {
                    return v;
                }
            }
            return v;
        }

        @Override
        boolean test(Frame f) {
            for (Node n : operands) {
                if (n.test(f)) {
                    return true;
                }
            }
            return false;
        }
    }

    static boolean compare(Frame f, int op, Object l, Object r) {
        return switch (op) {
            case EQ -> Py.eq(l, r);
            case NE -> !Py.eq(l, r);
            case IN -> Py.contains(f, r, l);
            case NOT_IN -> !Py.contains(f, r, l);
            case IS -> Py.is(l, r);
            case IS_NOT -> !Py.is(l, r);
            default -> Py.compare(op, l, r);
        };
    }

    /** One comparison {@code a OP b}. */
    static final class Compare extends Node {
        final int op;
        final Node left;
        final Node right;

        Compare(int op, Node left, Node right) {
            super(height(left, right));
            this.op = op;
            this.left = left;
            this.right = right;
        }

        @Override
        Object eval(Frame f) {
            return test(f);
        }

        @Override
        boolean test(Frame f) {
            Object l = left.eval(f);
            Object r = right.eval(f);
            return compare(f, op, l, r);
        }
    }

    /** {@code a OP constant}: the common validator shape, with an allocation-free path for longs. */
    static final class CompareConst extends Node {
        final int op;
        final Node left;
        final Object right;
        final boolean rightIsLong;
        final long rightLong;

        CompareConst(int op, Node left, Object right) {
            super(height(left));
            this.op = op;
            this.left = left;
            this.right = right;
            this.rightIsLong = right instanceof Long;
            this.rightLong = rightIsLong ? (Long) right : 0;
        }

        @Override
        Object eval(Frame f) {
            return test(f);
        }

        @Override
        boolean test(Frame f) {
            Object l = left.eval(f);
            if (rightIsLong && l instanceof Long x) {
                long v = x;
                switch (op) {
                    case Py.LT:
                        return v < rightLong;
                    case Py.LE:
                        return v <= rightLong;
                    case Py.GT:
                        return v > rightLong;
                    case Py.GE:
                        return v >= rightLong;
                    case EQ:
                        return v == rightLong;
                    case NE:
                        return v != rightLong;
                    default:
                        break;
                }
            }
            return compare(f, op, l, right);
        }
    }

    /** {@code a < b < c}: each operand evaluated at most once, stopping at the first false link. */
    static final class CompareChain extends Node {
        final int[] ops;
        final Node[] operands;

        CompareChain(int[] ops, Node[] operands) {
            super(height((Object) operands));
            this.ops = ops;
            this.operands = operands;
        }

        @Override
        Object eval(Frame f) {
            return test(f);
        }

        @Override
        boolean test(Frame f) {
            Object l = operands[0].eval(f);
            for (int i = 0; i < ops.length; i++) {
                Object r = operands[i + 1].eval(f);
                if (!compare(f, ops[i], l, r)) {
                    return false;
                }
                l = r;
            }
            return true;
        }
    }

    static final class IfElse extends Node {
        final Node condition;
        final Node then;
        final Node otherwise;

        IfElse(Node condition, Node then, Node otherwise) {
            super(height(condition, then, otherwise));
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        Object eval(Frame f) {
            return condition.test(f) ? then.eval(f) : otherwise.eval(f);
        }
    }

    static final class ListDisplay extends Node {
        final Node[] items;

        ListDisplay(Node[] items) {
            super(height((Object) items));
            this.items = items;
        }

        @Override
        Object eval(Frame f) {
            PyList out = new PyList(items.length);
            for (Node n : items) {
                out.add(n.eval(f));
            }
            return out;
        }
    }

    static final class TupleDisplay extends Node {
        final Node[] items;

        TupleDisplay(Node[] items) {
            super(height((Object) items));
            this.items = items;
        }

        @Override
        Object eval(Frame f) {
            return new PyTuple(evalAll(f, items));
        }
    }

    static final class SetDisplay extends Node {
        final Node[] items;

        SetDisplay(Node[] items) {
            super(height((Object) items));
            this.items = items;
        }

        @Override
        Object eval(Frame f) {
            PySet out = new PySet();
            for (Node n : items) {
                Builtin.addToSet(out, n.eval(f));
            }
            return out;
        }
    }

    static final class DictDisplay extends Node {
        final Node[] keys;
        final Node[] values;

        DictDisplay(Node[] keys, Node[] values) {
            super(height(keys, values));
            this.keys = keys;
            this.values = values;
        }

        @Override
        Object eval(Frame f) {
            PyDict out = new PyDict();
            for (int i = 0; i < keys.length; i++) {
                Object k = keys[i].eval(f);
                Py.setItem(out, k, values[i].eval(f));
            }
            return out;
        }
    }

    /** An f-string: literal text and {@code {expression!conversion:spec}} fields. */
    static final class FormattedString extends Node {
        final Object[] parts;
        final char[] conversions;
        final String[] specs;

        FormattedString(Object[] parts, char[] conversions, String[] specs) {
            super(height((Object) parts));
            this.parts = parts;
            this.conversions = conversions;
            this.specs = specs;
        }

        @Override
        Object eval(Frame f) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < parts.length; i++) {
                Object p = parts[i];
                if (p instanceof String s) {
                    sb.append(s);
                } else {
                    Object v = ((Node) p).eval(f);
                    if (conversions[i] == 'r' || conversions[i] == 'a') {
                        v = Repr.repr(v);
                    } else if (conversions[i] == 's') {
                        v = Repr.str(v);
                    }
                    sb.append(specs[i] == null ? Repr.str(v) : Format.format(v, specs[i]));
                }
                Py.checkSize(sb.length());
            }
            return sb.toString();
        }
    }

    // ================================================================== comprehensions

    static final int LIST = 0;
    static final int SET = 1;
    static final int DICT = 2;
    static final int GENERATOR = 3;

    /**
     * {@code [e for t in it if c ...]}, set/dict comprehensions and generator expressions. The loops run
     * as a pull iterator, so a generator is lazy ({@code any(x > 5 for x in range(10**12))} stops early).
     */
    static final class Comprehension extends Node {
        final int kind;
        final Node element;
        final Node value;
        final Target[] targets;
        final Node[] iterables;
        final Node[][] conditions;

        Comprehension(int kind, Node element, Node value, Target[] targets, Node[] iterables, Node[][] conditions) {
            super(height(element, value, iterables, conditions));
            this.kind = kind;
            this.element = element;
            this.value = value;
            this.targets = targets;
            this.iterables = iterables;
            this.conditions = conditions;
        }

        @Override
        Object eval(Frame f) {
            Loops loops = new Loops(f, this, Py.iter(f, iterables[0].eval(f)));
            switch (kind) {
                case GENERATOR:
                    return new PyIterator("generator", new Iterator<>() {
                        boolean ready;
                        boolean more;

                        @Override
                        public boolean hasNext() {
                            if (!ready) {
                                more = loops.advance();
                                ready = true;
                            }
                            return more;
                        }

                        @Override
                        public Object next() {
                            if (!hasNext()) {
                                throw new java.util.NoSuchElementException();
                            }
                            ready = false;
                            return element.eval(f);
                        }
                    });
                case LIST: {
                    PyList out = new PyList();
                    while (loops.advance()) {
                        if (out.size() >= Py.MAX_SIZE) {
                            Py.checkSize(out.size() + 1L);
                        }
                        out.add(element.eval(f));
                    }
                    return out;
                }
                case SET: {
                    PySet out = new PySet();
                    while (loops.advance()) {
                        Builtin.addToSet(out, element.eval(f));
                    }
                    return out;
                }
                default: {
                    PyDict out = new PyDict();
                    while (loops.advance()) {
                        Object k = element.eval(f);
                        Py.setItem(out, k, value.eval(f));
                        if (out.size() > Py.MAX_SIZE) {
                            Py.checkSize(out.size());
                        }
                    }
                    return out;
                }
            }
        }
    }

    /** The nested for/if clauses of a comprehension, advanced one binding at a time. */
    private static final class Loops {
        private final Frame f;
        private final Comprehension c;
        private final Iterator<?>[] iterators;
        private int depth;

        Loops(Frame f, Comprehension c, Iterator<Object> first) {
            this.f = f;
            this.c = c;
            this.iterators = new Iterator<?>[c.targets.length];
            this.iterators[0] = first;
        }

        /** Binds the targets to the next combination that passes the conditions; false when exhausted. */
        boolean advance() {
            int last = iterators.length - 1;
            while (depth >= 0) {
                Iterator<?> it = iterators[depth];
                if (!it.hasNext()) {
                    depth--;
                    continue;
                }
                c.targets[depth].assign(f, it.next());
                if (!passes(c.conditions[depth])) {
                    continue;
                }
                if (depth == last) {
                    return true;
                }
                depth++;
                iterators[depth] = Py.iter(f, c.iterables[depth].eval(f));
            }
            return false;
        }

        private boolean passes(Node[] conditions) {
            for (Node n : conditions) {
                if (!n.test(f)) {
                    return false;
                }
            }
            return true;
        }
    }

    // ================================================================== functions

    /** The compiled form of a lambda or {@code def}. */
    static final class FunctionCode {
        final String name;
        final String[] paramNames;
        final int[] paramSlots;
        final int id;
        int[] ownedSlots = new int[0];
        int functionCount;
        Node expression;
        Stmt body;

        FunctionCode(String name, String[] paramNames, int[] paramSlots, int id) {
            this.name = name;
            this.paramNames = paramNames;
            this.paramSlots = paramSlots;
            this.id = id;
        }

        Object run(Frame f) {
            if (expression != null) {
                return expression.eval(f);
            }
            if (body.exec(f) == Stmt.RETURN) {
                Object result = f.returnValue;
                f.returnValue = null;
                return result;
            }
            return null;
        }
    }

    static final class Lambda extends Node {
        final FunctionCode code;
        final Node[] defaults;

        Lambda(FunctionCode code, Node[] defaults, int bodyHeight) {
            super(Math.max(height((Object) defaults), bodyHeight + 1));
            this.code = code;
            this.defaults = defaults;
        }

        @Override
        Object eval(Frame f) {
            return new PyFunction(code, evalAll(f, defaults));
        }
    }

    // ================================================================== assignment targets

    abstract static class Target {
        abstract void assign(Frame f, Object value);
    }

    static final class NameTarget extends Target {
        final int slot;

        NameTarget(int slot) {
            this.slot = slot;
        }

        @Override
        void assign(Frame f, Object value) {
            f.slots[slot] = value;
        }
    }

    static final class UnpackTarget extends Target {
        final Target[] parts;

        UnpackTarget(Target[] parts) {
            this.parts = parts;
        }

        @Override
        void assign(Frame f, Object value) {
            if (value instanceof List<?> l && l instanceof RandomAccess) {
                if (l.size() != parts.length) {
                    throw unpackError(l.size());
                }
                for (int i = 0; i < parts.length; i++) {
                    parts[i].assign(f, l.get(i));
                }
                return;
            }
            Object[] values = new Object[parts.length];
            Iterator<Object> it = Py.iter(f, value);
            int n = 0;
            while (it.hasNext()) {
                if (n == parts.length) {
                    throw PyError.value("too many values to unpack (expected " + parts.length + ")");
                }
                values[n++] = it.next();
            }
            if (n != parts.length) {
                throw unpackError(n);
            }
            for (int i = 0; i < parts.length; i++) {
                parts[i].assign(f, values[i]);
            }
        }

        private PyError unpackError(int got) {
            return got > parts.length ? PyError.value("too many values to unpack (expected " + parts.length + ")")
                    : PyError.value("not enough values to unpack (expected " + parts.length + ", got " + got + ")");
        }
    }

    static final class ItemTarget extends Target {
        final Node target;
        final Node key;

        ItemTarget(Node target, Node key) {
            this.target = target;
            this.key = key;
        }

        @Override
        void assign(Frame f, Object value) {
            Object t = target.eval(f);
            Py.setItem(t, key.eval(f), value);
        }
    }

    // ================================================================== statements

    abstract static class Stmt {
        static final int NORMAL = 0;
        static final int BREAK = 1;
        static final int CONTINUE = 2;
        static final int RETURN = 3;

        final int height;

        Stmt(int height) {
            this.height = height;
        }

        /** Runs the statement; returns how control leaves it. */
        abstract int exec(Frame f);
    }

    static final class Block extends Stmt {
        final Stmt[] statements;

        Block(Stmt[] statements) {
            super(height((Object) statements));
            this.statements = statements;
        }

        @Override
        int exec(Frame f) {
            for (Stmt s : statements) {
                int signal = s.exec(f);
                if (signal != NORMAL) {
                    return signal;
                }
            }
            return NORMAL;
        }
    }

    static final class ExprStmt extends Stmt {
        final Node expression;

        ExprStmt(Node expression) {
            super(height(expression));
            this.expression = expression;
        }

        @Override
        int exec(Frame f) {
            expression.eval(f);
            return NORMAL;
        }
    }

    static final class Assign extends Stmt {
        final Target[] targets;
        final Node value;

        Assign(Target[] targets, Node value) {
            super(height(value) + 1);
            this.targets = targets;
            this.value = value;
        }

        @Override
        int exec(Frame f) {
            Object v = value.eval(f);
            for (Target t : targets) {
                t.assign(f, v);
            }
            return NORMAL;
        }
    }

    /** {@code x += v}, {@code d[k] -= v}...: the target is read and written once. */
    static final class AugAssign extends Stmt {
        final int op;
        final int slot;
        final String name;
        final Node container;
        final Node key;
        final Node value;

        AugAssign(int op, int slot, String name, Node container, Node key, Node value) {
            super(height(container, key, value) + 1);
            this.op = op;
            this.slot = slot;
            this.name = name;
            this.container = container;
            this.key = key;
            this.value = value;
        }

        @Override
        int exec(Frame f) {
            if (container == null) {
                Object current = f.slots[slot];
                if (current == Frame.UNBOUND) {
                    throw PyError.name(name);
                }
                f.slots[slot] = apply(f, current, value.eval(f));
                return NORMAL;
            }
            Object c = container.eval(f);
            Object k = key.eval(f);
            Object current = Py.getItem(f, c, k);
            Py.setItem(c, k, apply(f, current, value.eval(f)));
            return NORMAL;
        }

        private Object apply(Frame f, Object current, Object operand) {
            if (op == Py.ADD && current instanceof PyList list) {
                PyList items = Py.toList(f, operand);
                Py.checkSize((long) list.size() + items.size());
                list.addAll(items);
                return list;
            }
            return Py.binary(f, op, current, operand);
        }
    }

    static final class If extends Stmt {
        final Node condition;
        final Stmt then;
        final Stmt otherwise;

        If(Node condition, Stmt then, Stmt otherwise) {
            super(height(condition, then, otherwise));
            this.condition = condition;
            this.then = then;
            this.otherwise = otherwise;
        }

        @Override
        int exec(Frame f) {
            if (condition.test(f)) {
                return then.exec(f);
            }
            return otherwise == null ? NORMAL : otherwise.exec(f);
        }
    }

    static final class For extends Stmt {
        final Target target;
        final Node iterable;
        final Stmt body;
        final Stmt otherwise;

        For(Target target, Node iterable, Stmt body, Stmt otherwise) {
            super(height(iterable, body, otherwise));
            this.target = target;
            this.iterable = iterable;
            this.body = body;
            this.otherwise = otherwise;
        }

        @Override
        int exec(Frame f) {
            Object source = iterable.eval(f);
            if (source instanceof List<?> l && l instanceof RandomAccess) {
                for (int i = 0; i < l.size(); i++) {
                    f.step();
                    target.assign(f, l.get(i));
                    int signal = body.exec(f);
                    if (signal == BREAK) {
                        return NORMAL;
                    }
                    if (signal == RETURN) {
                        return RETURN;
                    }
                }
            } else {
                for (Iterator<Object> it = Py.iter(f, source); it.hasNext(); ) {
                    target.assign(f, it.next());
                    int signal = body.exec(f);
                    if (signal == BREAK) {
                        return NORMAL;
                    }
                    if (signal == RETURN) {
                        return RETURN;
                    }
                }
            }
            return otherwise == null ? NORMAL : otherwise.exec(f);
        }
    }

    static final class While extends Stmt {
        final Node condition;
        final Stmt body;
        final Stmt otherwise;

        While(Node condition, Stmt body, Stmt otherwise) {
            super(height(condition, body, otherwise));
            this.condition = condition;
            this.body = body;
            this.otherwise = otherwise;
        }

        @Override
        int exec(Frame f) {
            while (condition.test(f)) {
                f.step();
                int signal = body.exec(f);
                if (signal == BREAK) {
                    return NORMAL;
                }
                if (signal == RETURN) {
                    return RETURN;
                }
            }
            return otherwise == null ? NORMAL : otherwise.exec(f);
        }
    }

    static final class Return extends Stmt {
        final Node value;

        Return(Node value) {
            super(height(value));
            this.value = value;
        }

        @Override
        int exec(Frame f) {
            f.returnValue = value == null ? null : value.eval(f);
            return RETURN;
        }
    }

    /** {@code pass}, {@code break} and {@code continue}. */
    static final class Jump extends Stmt {
        final int signal;

        Jump(int signal) {
            super(1);
            this.signal = signal;
        }

        @Override
        int exec(Frame f) {
            return signal;
        }
    }

    static final class Def extends Stmt {
        final int slot;
        final Lambda function;

        Def(int slot, Lambda function) {
            super(function.height + 1);
            this.slot = slot;
            this.function = function;
        }

        @Override
        int exec(Frame f) {
            f.slots[slot] = function.eval(f);
            return NORMAL;
        }
    }

    static final class Assert extends Stmt {
        final Node condition;
        final Node message;

        Assert(Node condition, Node message) {
            super(height(condition, message));
            this.condition = condition;
            this.message = message;
        }

        @Override
        int exec(Frame f) {
            if (!condition.test(f)) {
                throw PyError.of("AssertionError", message == null ? "" : Repr.str(message.eval(f)));
            }
            return NORMAL;
        }
    }
}
