package io.flowproof.domain.expression.python;

/** A method taken from a value without calling it at once ({@code f = data.get}). */
final class BoundMethod implements PyCallable {

    final Object self;
    private final Method method;

    BoundMethod(Object self, Method method) {
        this.self = self;
        this.method = method;
    }

    @Override
    public Object call(Frame frame, Object[] arguments, String[] keywords) {
        return method.call(frame, self, arguments, keywords);
    }

    @Override
    public String displayName() {
        return method.pythonName();
    }
}
