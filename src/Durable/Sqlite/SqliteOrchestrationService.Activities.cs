using System.Globalization;
using DurableTask.Core;
using DurableTask.Core.Exceptions;
using DurableTask.Core.History;

namespace MarketoExport.Durable.Sqlite;

public sealed partial class SqliteOrchestrationService
{
    // Activities of a Failed instance wait (a rewind may need them); those of ended instances were deleted.
    private const string SelectActivityCandidate = """
        SELECT m.id FROM messages m JOIN instances i ON i.instance_id = m.instance_id
        WHERE m.queue = 1 AND m.visible_at <= $now
          AND (m.lock_token IS NULL OR m.locked_until <= $lockNow)
          AND i.status <> 'Failed'
        ORDER BY m.id LIMIT 1
        """;

    /// <inheritdoc />
    public async Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken)
        => (await LockNextAsync(_activityWork, TryLockActivity, receiveTimeout, cancellationToken).ConfigureAwait(false))!;

    /// <inheritdoc />
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;
        return Database.RunAsync<TaskActivityWorkItem>(() =>
        {
            long until = LockNowTicks + _options.LockTimeout.Ticks;
            int renewed = Database.Execute(
                "UPDATE messages SET locked_until = $until WHERE id = $id AND lock_token = $token",
                ("$until", until), ("$id", item.MessageId), ("$token", item.LockToken));
            if (renewed == 0)
            {
                throw new SessionAbortedException($"The lock on activity message {item.MessageId} was lost (it expired, or its instance ended).");
            }

            item.LockedUntilUtc = Utc(until);
            return item;
        });
    }

    /// <inheritdoc />
    public async Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage)
    {
        var item = (SqliteActivityWorkItem)workItem;
        var effects = new CommitEffects();
        await Database.InTransactionAsync(() =>
        {
            // The message is deleted and the result queued in one commit. If the message is already gone, this
            // is a duplicate completion (a redelivery finished first, or the instance ended): drop the result.
            if (Database.Execute("DELETE FROM messages WHERE id = $id", ("$id", item.MessageId)) == 0)
            {
                Log.DuplicateActivityCompletion(_logger, item.MessageId, responseMessage.OrchestrationInstance.InstanceId);
                return;
            }

            Deliver(responseMessage, NowTicks, effects);
        }).ConfigureAwait(false);
        Publish(effects);
    }

    /// <inheritdoc />
    public async Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem)
    {
        var item = (SqliteActivityWorkItem)workItem;

        // An activity given back because the worker is stopping has not failed: that dispatch is not counted
        // towards parking (its delivery count still grows, so the next run sees a redelivery).
        int released = await Database.RunAsync(() => Database.Execute(
            "UPDATE messages SET lock_token = NULL, locked_until = NULL, attempts = MAX(attempts - $undo, 0) WHERE id = $id AND lock_token = $token",
            ("$undo", _stopped ? 1 : 0), ("$id", item.MessageId), ("$token", item.LockToken))).ConfigureAwait(false);
        if (released > 0)
        {
            _activityWork.Set();
        }
    }

    private Fetch<SqliteActivityWorkItem> TryLockActivity(CommitEffects effects)
    {
        while (true)
        {
            long lockNow = LockNowTicks;
            long? messageId = Database.ScalarInt64(SelectActivityCandidate, ("$now", NowTicks), ("$lockNow", lockNow));
            if (messageId is null)
            {
                return new Fetch<SqliteActivityWorkItem>(
                    null,
                    null,
                    Database.ScalarInt64("SELECT MIN(locked_until) FROM messages WHERE queue = 1 AND lock_token IS NOT NULL"));
            }

            SqliteActivityWorkItem? item = Database.InTransaction(() => LockActivity(messageId.Value, lockNow, effects));
            if (item is not null)
            {
                return new Fetch<SqliteActivityWorkItem>(item, null, null);
            }
        }
    }

    private SqliteActivityWorkItem? LockActivity(long messageId, long lockNow, CommitEffects effects)
    {
        string token = NewLockToken();
        long until = lockNow + _options.LockTimeout.Ticks;

        // Counted in the lock's commit: a process that dies while the activity runs has used up an attempt.
        (string InstanceId, int Deliveries, int Attempts, string Body) row = Database.Query(
            "UPDATE messages SET lock_token = $token, locked_until = $until, deliveries = deliveries + 1, attempts = attempts + 1 " +
            "WHERE id = $id RETURNING instance_id, deliveries, attempts, body",
            r => (r.GetString(0), r.GetInt32(1), r.GetInt32(2), r.GetString(3)),
            ("$token", token), ("$until", until), ("$id", messageId))[0];
        TaskMessage message = ReadMessage(row.Body);
        if (row.Attempts > _options.MaxDispatchAttempts)
        {
            ParkActivity(messageId, message, row.Attempts - 1, effects);
            return null;
        }

        return new SqliteActivityWorkItem
        {
            Id = messageId.ToString(CultureInfo.InvariantCulture),
            MessageId = messageId,
            LockToken = token,
            LockedUntilUtc = Utc(until),
            TaskMessage = message,
            DeliveryAttempt = row.Deliveries,
        };
    }

    private void ParkActivity(long messageId, TaskMessage message, int attempts, CommitEffects effects)
    {
        var scheduled = (TaskScheduledEvent)message.Event;
        string instanceId = message.OrchestrationInstance.InstanceId;
        string reason =
            $"Activity '{scheduled.Name}' (task {scheduled.EventId} of instance '{instanceId}') was dispatched {attempts} times without " +
            "completing: the process died while it ran each time, or its dispatch kept failing. It was parked; the orchestrator " +
            "receives this failure and decides what to do.";
        var failure = new FailureDetails(typeof(PoisonWorkItemException).FullName!, reason, null, null, isNonRetriable: true);
        Database.Execute("DELETE FROM messages WHERE id = $id", ("$id", messageId));
        Deliver(
            new TaskMessage
            {
                OrchestrationInstance = message.OrchestrationInstance,
                Event = new TaskFailedEvent(-1, scheduled.EventId, reason, null, failure),
            },
            NowTicks,
            effects);
        Log.ParkedActivity(_logger, scheduled.Name ?? string.Empty, scheduled.EventId, instanceId, attempts);
    }

    private sealed class SqliteActivityWorkItem : TaskActivityWorkItem
    {
        public required long MessageId { get; init; }

        public required string LockToken { get; init; }
    }
}
