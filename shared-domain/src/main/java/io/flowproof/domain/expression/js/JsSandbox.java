package io.flowproof.domain.expression.js;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.mozilla.javascript.BaseFunction;
import org.mozilla.javascript.Callable;
import org.mozilla.javascript.Context;
import org.mozilla.javascript.ContextFactory;
import org.mozilla.javascript.Function;
import org.mozilla.javascript.LambdaFunction;
import org.mozilla.javascript.NativeArray;
import org.mozilla.javascript.NativeObject;
import org.mozilla.javascript.ScriptRuntime;
import org.mozilla.javascript.Scriptable;
import org.mozilla.javascript.ScriptableObject;
import org.mozilla.javascript.Symbol;
import org.mozilla.javascript.SymbolKey;
import org.mozilla.javascript.Undefined;

/**
 * The Rhino configuration every JS expression runs in: the context settings, the instruction and
 * allocation budget, and one sealed standard scope shared by all evaluations and threads.
 *
 * <h2>Isolation</h2>
 * The standard objects come from {@code initSafeStandardObjects} (no {@code java}, {@code Packages},
 * {@code JavaAdapter}, {@code importPackage}, {@code load} or {@code print}); a {@code ClassShutter}
 * refuses every Java class. Typed arrays and {@code ArrayBuffer} are removed (a single call could
 * allocate gigabytes). Every object reachable from the standard scope (constructors, prototypes,
 * {@code Math}, {@code JSON}, accessor functions...) is made non-extensible and sealed, so a script cannot
 * add, change or delete anything on them and cannot swap their prototype: {@code Array.prototype.x = 1}
 * throws. Each evaluation gets a fresh top-level object whose prototype is the shared scope, so
 * {@code x = 1} creates a global that dies with the evaluation.
 *
 * <h2>Limits</h2>
 * Compiled code counts instructions; every {@value #OBSERVER_THRESHOLD} of them Rhino calls
 * {@link #observeInstructionCount}, which stops the script after {@value #INSTRUCTION_BUDGET}
 * instructions (an endless loop ends in about 20 ms) or once the thread allocated more than
 * {@value #ALLOCATION_BUDGET} bytes during the evaluation (this catches string doubling in a loop).
 * Built-ins that can allocate a lot in one call are wrapped with a size check first: {@code repeat},
 * {@code padStart}, {@code padEnd}, {@code replace}, {@code replaceAll} (result at most
 * {@value #MAX_STRING_LENGTH} chars), every {@code Array.prototype} method and {@code Array.from}
 * ({@code length} at most {@value #MAX_ARRAY_LENGTH}; a sparse {@code new Array(1e9)} is harmless until
 * used), and {@code join}/{@code toString} (estimated result at most {@value #MAX_STRING_LENGTH} chars).
 */
final class JsSandbox extends ContextFactory {

    static final long INSTRUCTION_BUDGET = 1_000_000;
    static final int OBSERVER_THRESHOLD = 100;
    static final long ALLOCATION_BUDGET = 64L * 1024 * 1024;
    static final int MAX_STRING_LENGTH = 4 * 1024 * 1024;
    static final int MAX_ARRAY_LENGTH = 1_000_000;

    private static final List<String> REMOVED_GLOBALS = List.of(
            "ArrayBuffer", "SharedArrayBuffer", "DataView", "Int8Array", "Uint8Array", "Uint8ClampedArray",
            "Int16Array", "Uint16Array", "Int32Array", "Uint32Array", "Float32Array", "Float64Array",
            "BigInt64Array", "BigUint64Array", "JavaException", "Continuation", "With", "Call", "Script", "uneval",
            "isXMLName", "XML", "XMLList", "Namespace", "QName");

    private final ScriptableObject shared;
    private final Scriptable objectPrototype;
    private final Scriptable arrayPrototype;

    JsSandbox() {
        Context cx = enterContext();
        try {
            shared = cx.initSafeStandardObjects(null, false);
            for (String name : REMOVED_GLOBALS) {
                shared.delete(name);
            }
            guardStrings();
            guardArrays();
            sealEverything(cx, shared);
            objectPrototype = ScriptableObject.getObjectPrototype(shared);
            arrayPrototype = ScriptableObject.getArrayPrototype(shared);
        } finally {
            Context.exit();
        }
    }

    /** Enters a new context on the current thread, with a fresh budget. Pair with {@link Context#exit()}. */
    BudgetContext enterBudget() {
        Context cx = enterContext();
        if (!(cx instanceof BudgetContext budget)) {
            Context.exit();
            throw new IllegalStateException("another Rhino context is active on this thread");
        }
        budget.startBudget(INSTRUCTION_BUDGET, ALLOCATION_BUDGET);
        return budget;
    }

    /** A fresh, empty top-level scope for one evaluation; globals it gets die with it. */
    Scriptable newScope() {
        NativeObject scope = new NativeObject();
        scope.setPrototype(shared);
        scope.setParentScope(null);
        return scope;
    }

    /** A new plain JS object (prototype {@code Object.prototype}). */
    NativeObject newObject(Scriptable scope) {
        NativeObject object = new NativeObject();
        object.setPrototype(objectPrototype);
        object.setParentScope(scope);
        return object;
    }

    /** A new JS array over {@code elements} (prototype {@code Array.prototype}). */
    NativeArray newArray(Scriptable scope, Object[] elements) {
        NativeArray array = new NativeArray(elements);
        array.setPrototype(arrayPrototype);
        array.setParentScope(scope);
        return array;
    }

    @Override
    protected Context makeContext() {
        BudgetContext cx = new BudgetContext(this);
        cx.setLanguageVersion(Context.VERSION_ES6);
        cx.setInterpretedMode(false);
        cx.setGeneratingDebug(false);
        cx.setInstructionObserverThreshold(OBSERVER_THRESHOLD);
        cx.setClassShutter(className -> false);
        return cx;
    }

    @Override
    protected void observeInstructionCount(Context cx, int instructionCount) {
        ((BudgetContext) cx).charge(instructionCount);
    }

    // ---- built-in guards -------------------------------------------------------------------------

    private void guardStrings() {
        ScriptableObject proto = (ScriptableObject) ScriptableObject.getClassPrototype(shared, "String");
        wrap(proto, "repeat", (thisObj, args) -> (double) text(thisObj).length() * number(args, 0));
        wrap(proto, "padStart", (thisObj, args) -> number(args, 0));
        wrap(proto, "padEnd", (thisObj, args) -> number(args, 0));
        wrap(proto, "replace", JsSandbox::replacedLength);
        wrap(proto, "replaceAll", JsSandbox::replacedLength);
    }

    private void guardArrays() {
        ScriptableObject proto = (ScriptableObject) ScriptableObject.getArrayPrototype(shared);
        for (Object id : proto.getAllIds()) {
            if (id instanceof String name && !"constructor".equals(name) && !"length".equals(name)) {
                wrapArrayMethod(proto, name);
            }
        }
        Object iterator = proto.get(SymbolKey.ITERATOR, proto); // not listed by getAllIds
        if (iterator instanceof Function original) {
            proto.put(SymbolKey.ITERATOR, proto, new Guarded(original, "[Symbol.iterator]", this::checkArray));
        }
        ScriptableObject ctor = (ScriptableObject) ScriptableObject.getProperty(shared, "Array");
        wrap(ctor, "from", (thisObj, args) -> args.length > 0 && args[0] instanceof Scriptable source ? length(source) : 0);
    }

    private void wrapArrayMethod(ScriptableObject proto, String name) {
        boolean joins = "join".equals(name) || "toString".equals(name) || "toLocaleString".equals(name);
        wrapWith(proto, name, (thisObj, args) -> {
            checkArray(thisObj, args);
            if (joins) {
                int separator = "join".equals(name) && args.length > 0 && !Undefined.isUndefined(args[0])
                        ? ScriptRuntime.toString(args[0]).length() : 1;
                if (joinedLength(thisObj, separator, 0, Collections.newSetFromMap(new IdentityHashMap<>())) > MAX_STRING_LENGTH) {
                    throw new LimitExceeded("Array.prototype." + name + " would build a string longer than "
                            + MAX_STRING_LENGTH + " characters");
                }
            }
        });
    }

    private void checkArray(Scriptable thisObj, Object[] args) {
        if (length(thisObj) > MAX_ARRAY_LENGTH) {
            throw new LimitExceeded("the array is too large (more than " + MAX_ARRAY_LENGTH + " elements)");
        }
    }

    private void wrap(ScriptableObject holder, String name, SizeEstimate estimate) {
        wrapWith(holder, name, (thisObj, args) -> {
            double size = estimate.size(thisObj, args);
            if (size > MAX_STRING_LENGTH) {
                throw new LimitExceeded(name + " would create a value larger than " + MAX_STRING_LENGTH);
            }
        });
    }

    private static void wrapWith(ScriptableObject holder, String name, Check check) {
        Object original = holder.get(name, holder);
        if (original instanceof Function function) {
            int attributes = holder.getAttributes(name);
            holder.delete(name);
            holder.defineProperty(name, new Guarded(function, name, check), attributes);
        }
    }

    private static double replacedLength(Scriptable thisObj, Object[] args) {
        if (args.length < 2 || args[1] instanceof Callable) {
            return 0; // a replacer function builds its pieces with counted instructions
        }
        int length = text(thisObj).length();
        int replacement = ScriptRuntime.toString(args[1]).length();
        int pattern = args[0] instanceof CharSequence s ? s.length() : 0;
        double occurrences = (double) length / Math.max(1, pattern) + 1;
        return length + occurrences * replacement;
    }

    private static double joinedLength(Scriptable array, int separator, int depth, Set<Scriptable> seen) {
        long length = length(array);
        if (length == 0 || depth > 3 || !seen.add(array)) {
            return 0;
        }
        double total = (double) (length - 1) * separator;
        for (int i = 0; i < length && total <= MAX_STRING_LENGTH; i++) {
            Object element = ScriptableObject.getProperty(array, i);
            if (element instanceof CharSequence s) {
                total += s.length();
            } else if (element instanceof NativeArray nested) {
                total += joinedLength(nested, 1, depth + 1, seen);
            } else if (element != null && element != Scriptable.NOT_FOUND && !Undefined.isUndefined(element)) {
                total += 24; // a number, boolean or "[object Object]"
            }
        }
        return total;
    }

    private static long length(Scriptable object) {
        if (object instanceof NativeArray array) {
            return array.getLength();
        }
        if (object == null) {
            return 0;
        }
        Object length = ScriptableObject.getProperty(object, "length");
        if (length == Scriptable.NOT_FOUND || Undefined.isUndefined(length)) {
            return 0;
        }
        double value = ScriptRuntime.toNumber(length);
        return Double.isNaN(value) ? 0 : (long) Math.min(value, Long.MAX_VALUE);
    }

    private static String text(Scriptable thisObj) {
        return ScriptRuntime.toString(thisObj);
    }

    private static double number(Object[] args, int index) {
        if (args.length <= index || Undefined.isUndefined(args[index])) {
            return 0;
        }
        double value = ScriptRuntime.toNumber(args[index]);
        return Double.isNaN(value) ? 0 : value;
    }

    // ---- sealing -------------------------------------------------------------------------------

    /**
     * Freezes every object reachable from {@code root}: own properties become read-only and permanent,
     * the object non-extensible and sealed. Rhino's {@code sealObject} alone only stops adding and
     * deleting properties, not overwriting them.
     *
     * <p>To avoid JS's "override mistake" (assigning {@code o.toString = ...} on an ordinary object fails
     * silently when the inherited property is read-only), {@link #OVERRIDABLE} properties become
     * accessors whose setter defines an own property on the receiver, as hardened-JS environments do.
     */
    private static void sealEverything(Context cx, ScriptableObject root) {
        List<ScriptableObject> reachable = reachableFrom(root);
        List<ScriptableObject> accessors = new ArrayList<>();
        for (ScriptableObject object : reachable) {
            for (Object id : object.getAllIds()) {
                if (id instanceof String name && object != root && OVERRIDABLE.contains(name)
                        && accessor(object, name, false) == null && accessor(object, name, true) == null) {
                    accessors.addAll(makeOverridable(cx, root, object, name));
                }
                freeze(object, id);
            }
            freeze(object, SymbolKey.ITERATOR);
        }
        for (ScriptableObject object : reachable) {
            object.preventExtensions();
            object.sealObject();
        }
        for (ScriptableObject accessor : accessors) {
            for (Object id : accessor.getAllIds()) {
                freeze(accessor, id);
            }
            accessor.preventExtensions();
            accessor.sealObject();
        }
    }

    private static final Set<String> OVERRIDABLE = Set.of(
            "toString", "valueOf", "toLocaleString", "constructor", "toJSON", "message", "name");

    private static List<ScriptableObject> makeOverridable(Context cx, ScriptableObject scope, ScriptableObject holder, String name) {
        Object value = holder.get(name, holder);
        LambdaFunction getter = new LambdaFunction(scope, "get " + name, 0, (c, s, thisObj, args) -> value);
        LambdaFunction setter = new LambdaFunction(scope, "set " + name, 1, (c, s, thisObj, args) -> {
            if (thisObj == holder || !(thisObj instanceof ScriptableObject receiver)) {
                throw ScriptRuntime.typeError("Cannot modify the built-in property " + name);
            }
            receiver.defineProperty(name, args.length > 0 ? args[0] : Undefined.instance, ScriptableObject.EMPTY);
            return Undefined.instance;
        });
        NativeObject descriptor = new NativeObject();
        descriptor.put("get", descriptor, getter);
        descriptor.put("set", descriptor, setter);
        descriptor.put("enumerable", descriptor, Boolean.FALSE);
        descriptor.put("configurable", descriptor, Boolean.FALSE);
        holder.defineOwnProperty(cx, name, descriptor);
        return List.of(getter, setter);
    }

    private static void freeze(ScriptableObject object, Object id) {
        try {
            if (id instanceof String name) {
                object.setAttributes(name, object.getAttributes(name) | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
            } else if (id instanceof Integer index) {
                object.setAttributes(index, object.getAttributes(index) | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
            } else if (id instanceof Symbol symbol && object.has(symbol, object)) {
                object.setAttributes(symbol, ScriptableObject.DONTENUM | ScriptableObject.READONLY | ScriptableObject.PERMANENT);
            }
        } catch (RuntimeException ignored) {
            // a property that cannot change attributes is already fixed
        }
    }

    private static List<ScriptableObject> reachableFrom(ScriptableObject root) {
        Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        List<ScriptableObject> reachable = new ArrayList<>();
        Deque<Object> todo = new ArrayDeque<>(); // holds only ScriptableObjects: see offer()
        todo.push(root);
        while (!todo.isEmpty()) {
            Object next = todo.pop();
            if (!(next instanceof ScriptableObject object) || !seen.add(object)) {
                continue;
            }
            reachable.add(object);
            offer(todo, object.getPrototype());
            for (Object id : object.getAllIds()) {
                collect(object, id, todo);
            }
            collect(object, SymbolKey.ITERATOR, todo);
        }
        return reachable;
    }

    private static void collect(ScriptableObject object, Object id, Deque<Object> todo) {
        if (id instanceof String name) {
            offer(todo, accessor(object, name, false));
            offer(todo, accessor(object, name, true));
        }
        try {
            if (id instanceof String name) {
                offer(todo, object.get(name, object));
            } else if (id instanceof Integer index) {
                offer(todo, object.get(index, object));
            } else if (id instanceof Symbol symbol) {
                offer(todo, object.get(symbol, object));
            }
        } catch (RuntimeException ignored) {
            // an accessor that refuses to run on the prototype itself: its functions are collected above
        }
    }

    private static void offer(Deque<Object> todo, Object value) {
        if (value instanceof ScriptableObject) {
            todo.push(value);
        }
    }

    private static Object accessor(ScriptableObject object, String name, boolean setter) {
        try {
            Object function = object.getGetterOrSetter(name, 0, setter);
            return function instanceof Callable ? function : null;
        } catch (RuntimeException notAnAccessor) {
            return null;
        }
    }

    /** What a guard checks before the real built-in runs. */
    @FunctionalInterface
    private interface Check {
        void check(Scriptable thisObj, Object[] args);
    }

    /** The size a call would produce, computed from its arguments. */
    @FunctionalInterface
    private interface SizeEstimate {
        double size(Scriptable thisObj, Object[] args);
    }

    /** A built-in wrapped with a check; otherwise behaves like the original. */
    private static final class Guarded extends BaseFunction {

        private static final long serialVersionUID = 1L;

        private final transient Function original;
        private final String name;
        private final transient Check check;

        Guarded(Function original, String name, Check check) {
            super(ScriptableObject.getTopLevelScope(original), ScriptableObject.getFunctionPrototype(ScriptableObject.getTopLevelScope(original)));
            this.original = original;
            this.name = name;
            this.check = check;
        }

        @Override
        public Object call(Context cx, Scriptable scope, Scriptable thisObj, Object[] args) {
            check.check(thisObj, args);
            return original.call(cx, scope, thisObj, args);
        }

        @Override
        public Scriptable construct(Context cx, Scriptable scope, Object[] args) {
            throw ScriptRuntime.typeError(name + " is not a constructor");
        }

        @Override
        public String getFunctionName() {
            return name;
        }

        @Override
        public int getLength() {
            return original instanceof BaseFunction base ? base.getLength() : 0;
        }

        @Override
        public int getArity() {
            return getLength();
        }
    }
}
