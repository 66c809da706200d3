// Placeholder so the module exists; replaced by the module's real files.
enum AlipayProtocolPlaceholder {}
