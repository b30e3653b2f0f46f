namespace MarketoExport.Durable.Sqlite;

/// <summary>The provider's tables. Times are UTC ticks: <c>visible_at</c> and instance times on the orchestration clock, <c>locked_until</c> on the wall clock.</summary>
internal static class Schema
{
    public const string Create = """
        CREATE TABLE IF NOT EXISTS instances (
            instance_id TEXT PRIMARY KEY,
            execution_id TEXT NOT NULL,
            name TEXT NOT NULL,
            version TEXT,
            status TEXT NOT NULL,
            input TEXT, output TEXT, custom_status TEXT, failure TEXT, tags TEXT,
            parent_instance_id TEXT, parent TEXT,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL,
            completed_at INTEGER,
            scheduled_start_at INTEGER,
            lock_token TEXT, locked_until INTEGER,
            dispatch_attempts INTEGER NOT NULL DEFAULT 0);
        CREATE INDEX IF NOT EXISTS ix_instances_created ON instances(created_at, instance_id);
        CREATE INDEX IF NOT EXISTS ix_instances_parent ON instances(parent_instance_id);
        CREATE TABLE IF NOT EXISTS history (
            instance_id TEXT NOT NULL,
            seq INTEGER NOT NULL,
            execution_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            event_id INTEGER NOT NULL,
            task_id INTEGER,
            body TEXT NOT NULL,
            PRIMARY KEY (instance_id, seq)) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS messages (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            queue INTEGER NOT NULL,
            instance_id TEXT NOT NULL,
            execution_id TEXT,
            event_type TEXT NOT NULL,
            task_id INTEGER,
            visible_at INTEGER NOT NULL,
            lock_token TEXT, locked_until INTEGER,
            deliveries INTEGER NOT NULL DEFAULT 0,
            attempts INTEGER NOT NULL DEFAULT 0,
            body TEXT NOT NULL);
        CREATE INDEX IF NOT EXISTS ix_messages_queue ON messages(queue, visible_at);
        CREATE INDEX IF NOT EXISTS ix_messages_instance ON messages(instance_id, queue, task_id);
        CREATE TABLE IF NOT EXISTS owner (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            pid INTEGER NOT NULL,
            machine TEXT NOT NULL,
            started_at INTEGER NOT NULL);
        """;
}
