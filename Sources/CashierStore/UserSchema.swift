/// Migration "v2-users": user management. Empty until its tables exist (an empty one is not registered).
enum UserSchema {
    static let v2 = ("v2-users", "")
}
