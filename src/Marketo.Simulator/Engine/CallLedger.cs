using System.Globalization;

namespace MarketoExport.Marketo.Simulator.Engine;

/// <summary>
/// Rate window (606), in-flight count (615), daily quota (607), call counters and usage/error stats.
/// Calls rejected by a limit, and calls failing with 601/602/604/605/608/611, are not counted against the
/// window or the quota (Adobe's starred codes); they do show up in the error stats.
/// </summary>
internal sealed class CallLedger(SimulatorOptions options, QuotaClock clock)
{
    private static readonly HashSet<string> Uncounted = ["601", "602", "604", "605", "608", "611", "606", "607", "615"];

    private readonly object _sync = new();
    private readonly LinkedList<DateTimeOffset> _window = new();
    private readonly Dictionary<DateOnly, long> _usageByDay = [];
    private readonly Dictionary<DateOnly, Dictionary<string, long>> _errorsByDay = [];
    private readonly Dictionary<string, long> _perEndpoint = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _rejected = new(StringComparer.Ordinal);
    private long _total;
    private long _counted;
    private int _inFlight;
    private int _maxInFlight;

    /// <summary>A call admitted through the limits; dispose when the response is done.</summary>
    internal sealed class Admission(CallLedger ledger, LinkedListNode<DateTimeOffset> node, DateOnly day) : IDisposable
    {
        public string? ErrorCode { get; set; }

        public void Dispose() => ledger.Complete(node, day, ErrorCode);
    }

    public void RecordReceived(string endpointKey)
    {
        lock (_sync)
        {
            _total++;
            _perEndpoint[endpointKey] = _perEndpoint.GetValueOrDefault(endpointKey) + 1;
        }
    }

    /// <summary>Admits a call or returns the limit code that rejects it.</summary>
    public (Admission? Admission, string? RejectCode) TryAdmit()
    {
        var now = clock.Now;
        var day = clock.DayOf(now);
        lock (_sync)
        {
            if (_usageByDay.GetValueOrDefault(day) >= options.DailyCallQuota)
            {
                return (null, "607");
            }

            while (_window.First is { } first && first.Value <= now - options.RateLimitWindow)
            {
                _window.RemoveFirst();
            }

            if (_window.Count >= options.RateLimitCalls)
            {
                return (null, "606");
            }

            if (_inFlight >= options.MaxConcurrentCalls)
            {
                return (null, "615");
            }

            _inFlight++;
            _maxInFlight = Math.Max(_maxInFlight, _inFlight);
            _counted++;
            _usageByDay[day] = _usageByDay.GetValueOrDefault(day) + 1;
            var node = _window.AddLast(now);
            return (new Admission(this, node, day), null);
        }
    }

    public void RecordError(string code)
    {
        var day = clock.Today;
        lock (_sync)
        {
            _rejected[code] = _rejected.GetValueOrDefault(code) + 1;
            if (!code.StartsWith("http-", StringComparison.Ordinal))
            {
                if (!_errorsByDay.TryGetValue(day, out var perCode))
                {
                    _errorsByDay[day] = perCode = new(StringComparer.Ordinal);
                }

                perCode[code] = perCode.GetValueOrDefault(code) + 1;
            }
        }
    }

    private void Complete(LinkedListNode<DateTimeOffset> node, DateOnly day, string? errorCode)
    {
        lock (_sync)
        {
            _inFlight--;
            if (errorCode is not null && Uncounted.Contains(errorCode))
            {
                if (node.List is not null)
                {
                    _window.Remove(node);
                }

                _usageByDay[day] = Math.Max(0, _usageByDay.GetValueOrDefault(day) - 1);
                _counted--;
            }
        }
    }

    public void ExhaustDailyQuota()
    {
        lock (_sync)
        {
            _usageByDay[clock.Today] = Math.Max(_usageByDay.GetValueOrDefault(clock.Today), options.DailyCallQuota);
        }
    }

    public CallCounters Snapshot()
    {
        lock (_sync)
        {
            return new CallCounters(
                _total,
                _counted,
                _inFlight,
                _maxInFlight,
                new Dictionary<string, long>(_perEndpoint, StringComparer.Ordinal),
                new Dictionary<string, long>(_rejected, StringComparer.Ordinal),
                _usageByDay.GetValueOrDefault(clock.Today));
        }
    }

    public void Reset()
    {
        lock (_sync)
        {
            _total = 0;
            _counted = 0;
            _maxInFlight = _inFlight;
            _perEndpoint.Clear();
            _rejected.Clear();
        }
    }

    public IReadOnlyList<(string Date, long Total)> Usage(int days)
    {
        var today = clock.Today;
        lock (_sync)
        {
            return [.. Enumerable.Range(0, days).Select(i => today.AddDays(-i)).Select(d => (Iso(d), _usageByDay.GetValueOrDefault(d)))];
        }
    }

    public IReadOnlyList<(string Date, IReadOnlyList<KeyValuePair<string, long>> Errors)> Errors(int days)
    {
        var today = clock.Today;
        lock (_sync)
        {
            return [.. Enumerable.Range(0, days).Select(i => today.AddDays(-i)).Select(d =>
                (Iso(d), (IReadOnlyList<KeyValuePair<string, long>>)(_errorsByDay.TryGetValue(d, out var e) ? [.. e.OrderBy(p => p.Key, StringComparer.Ordinal)] : [])))];
        }
    }

    private static string Iso(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
