/// Migration "v2-users": who added each user and when, when a PIN last changed, and the rules
/// user management keeps, in the schema itself (triggers, since v1's table cannot be rebuilt here):
/// valid names, unique regardless of case, 0/1 flags, and never zero enabled supervisors.
/// Also indexes for browsing the audit log by actor and by action (keyset paging by id).
enum UserSchema {
    static let v2 = ("v2-users", """
    ALTER TABLE users ADD COLUMN created_at INTEGER;
    ALTER TABLE users ADD COLUMN created_by TEXT;
    ALTER TABLE users ADD COLUMN pin_changed_at INTEGER;
    ALTER TABLE users ADD COLUMN disabled_at INTEGER;
    ALTER TABLE users ADD COLUMN disabled_by TEXT;

    CREATE UNIQUE INDEX users_name_nocase ON users (name COLLATE NOCASE);

    CREATE TRIGGER users_valid_insert BEFORE INSERT ON users
    WHEN length(NEW.name) NOT BETWEEN 1 AND 32 OR NEW.name NOT GLOB '[A-Za-z]*'
         OR NEW.name GLOB '*[^A-Za-z0-9._-]*' OR NEW.disabled NOT IN (0, 1)
    BEGIN SELECT RAISE(ABORT, 'users: invalid name or flag'); END;

    CREATE TRIGGER users_valid_update BEFORE UPDATE ON users
    WHEN NEW.name != OLD.name OR NEW.disabled NOT IN (0, 1) OR NEW.role NOT IN ('cashier', 'supervisor')
    BEGIN SELECT RAISE(ABORT, 'users: a name never changes; flags are 0 or 1'); END;

    -- A store must always keep one enabled supervisor, or nobody could manage it again.
    CREATE TRIGGER users_keep_a_supervisor AFTER UPDATE OF disabled, role ON users
    WHEN OLD.role = 'supervisor' AND OLD.disabled = 0 AND (NEW.disabled = 1 OR NEW.role != 'supervisor')
         AND NOT EXISTS (SELECT 1 FROM users WHERE role = 'supervisor' AND disabled = 0)
    BEGIN SELECT RAISE(ABORT, 'users: the last enabled supervisor'); END;

    -- Users are disabled, never deleted: the audit log keeps naming them.
    CREATE TRIGGER users_never_deleted BEFORE DELETE ON users
    BEGIN SELECT RAISE(ABORT, 'users: disable a user instead of deleting it'); END;

    CREATE INDEX audit_by_actor ON audit_log (actor, id);
    CREATE INDEX audit_by_action ON audit_log (action, id);
    """)
}
