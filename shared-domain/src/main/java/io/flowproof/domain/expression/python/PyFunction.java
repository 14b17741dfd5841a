package io.flowproof.domain.expression.python;

/**
 * A lambda or {@code def} function value. Its parameters and locals live in slots of the evaluation's
 * frame; a recursive call saves and restores them, so each activation sees its own values.
 */
final class PyFunction implements PyCallable {

    private final Nodes.FunctionCode code;
    private final Object[] defaults;

    PyFunction(Nodes.FunctionCode code, Object[] defaults) {
        this.code = code;
        this.defaults = defaults;
    }

    @Override
    public String displayName() {
        return code.name;
    }

    @Override
    public Object call(Frame f, Object[] a, String[] kw) {
        Nodes.FunctionCode c = code;
        int params = c.paramSlots.length;
        int positional = a.length - (kw == null ? 0 : kw.length);
        if (positional > params) {
            throw PyError.type(c.name + "() takes " + params + " positional argument" + (params == 1 ? "" : "s")
                    + " but " + positional + (positional == 1 ? " was" : " were") + " given");
        }
        Object[] bound = new Object[params];
        for (int i = 0; i < params; i++) {
            bound[i] = i < positional ? a[i] : Frame.UNBOUND;
        }
        if (kw != null) {
            for (int k = 0; k < kw.length; k++) {
                int at = indexOf(c.paramNames, kw[k]);
                if (at < 0) {
                    throw PyError.type(c.name + "() got an unexpected keyword argument '" + kw[k] + "'");
                }
                if (bound[at] != Frame.UNBOUND) {
                    throw PyError.type(c.name + "() got multiple values for argument '" + kw[k] + "'");
                }
                bound[at] = a[positional + k];
            }
        }
        int firstDefault = params - defaults.length;
        for (int i = 0; i < params; i++) {
            if (bound[i] == Frame.UNBOUND) {
                if (i < firstDefault) {
                    throw PyError.type(c.name + "() missing 1 required positional argument: '" + c.paramNames[i] + "'");
                }
                bound[i] = defaults[i - firstDefault];
            }
        }
        Object[] slots = f.slots;
        boolean recursive = f.enter(c.id, c.functionCount);
        Object[] saved = null;
        try {
            int[] owned = c.ownedSlots;
            if (recursive) {
                saved = new Object[owned.length];
                for (int i = 0; i < owned.length; i++) {
                    saved[i] = slots[owned[i]];
                }
            }
            for (int slot : owned) {
                slots[slot] = Frame.UNBOUND;
            }
            for (int i = 0; i < params; i++) {
                slots[c.paramSlots[i]] = bound[i];
            }
            return c.run(f);
        } finally {
            if (saved != null) {
                int[] owned = c.ownedSlots;
                for (int i = 0; i < owned.length; i++) {
                    slots[owned[i]] = saved[i];
                }
            }
            f.exit(c.id);
        }
    }

    private static int indexOf(String[] names, String name) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }
}
