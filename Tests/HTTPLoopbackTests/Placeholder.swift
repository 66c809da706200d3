import Testing

// Placeholder so the target exists; replaced by real tests.
@Test func HTTPLoopbackTestsPlaceholder() {}
