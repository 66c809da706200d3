/// Migration "v2-channels": channel API keys and notifies. Empty until its tables exist (an empty one is not registered).
enum ChannelSchema {
    static let v2 = ("v2-channels", "")
}
