extension ThemeLoader {
    /// The look when no file says otherwise: htop-like bars, states in traffic-light colours.
    public static let builtinDefault = Theme(name: "default", styles: [
        .normal: Style(),
        .header: Style(foreground: .white, background: .blue, bold: true),
        .title: Style(bold: true),
        .keyBar: Style(foreground: .black, background: .cyan),
        .keyBarKey: Style(foreground: .white, background: .black, bold: true),
        .selection: Style(reverse: true),
        .cursor: Style(reverse: true),
        .amount: Style(bold: true),
        .pending: Style(foreground: .yellow, bold: true),
        .succeeded: Style(foreground: .green, bold: true),
        .failed: Style(foreground: .red, bold: true),
        .warning: Style(foreground: .black, background: .yellow, bold: true),
        .error: Style(foreground: .white, background: .red, bold: true),
        .dialog: Style(foreground: .black, background: .white),
        .dialogTitle: Style(foreground: .white, background: .blue, bold: true),
        .input: Style(underline: true),
        .inputFocused: Style(foreground: .black, background: .cyan, underline: true),
        .dim: Style(dim: true),
        .qr: Style(foreground: .index(15), background: .black),
    ])

    /// Bold and reverse only, so it reads on any terminal and under `NO_COLOR`.
    /// States stay distinguishable because the views always print their names too.
    public static let builtinMono = Theme(name: "mono", styles: [
        .normal: Style(),
        .header: Style(bold: true, reverse: true),
        .title: Style(bold: true),
        .keyBar: Style(reverse: true),
        .keyBarKey: Style(bold: true),
        .selection: Style(reverse: true),
        .cursor: Style(reverse: true),
        .amount: Style(bold: true),
        .pending: Style(),
        .succeeded: Style(bold: true),
        .failed: Style(bold: true, reverse: true),
        .warning: Style(bold: true, reverse: true),
        .error: Style(bold: true, reverse: true),
        .dialog: Style(),
        .dialogTitle: Style(bold: true, reverse: true),
        .input: Style(bold: true),
        .inputFocused: Style(bold: true, reverse: true),
        .dim: Style(),
        .qr: Style(),
    ], isMonochrome: true)
}
