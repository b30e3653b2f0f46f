using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace MarketoExport.Bench.Export;

/// <summary>What the numbers were measured on.</summary>
internal static class Machine
{
    public static string LoadAverage()
    {
        try
        {
            string[] parts = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', parts.Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    public static JsonObject Describe()
    {
        string cpu = "unknown";
        long memKb = 0;
        try
        {
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
            string? mem = File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
            if (mem is not null)
            {
                memKb = long.Parse(mem.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        catch (IOException)
        {
            // not Linux: leave the defaults
        }

        return new JsonObject
        {
            ["nproc"] = Environment.ProcessorCount,
            ["cpuModel"] = cpu,
            ["memoryMb"] = memKb / 1024,
            ["os"] = RuntimeInformation.OSDescription,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["date"] = DateTimeOffset.UtcNow.ToString("O"),
            ["loadAverageAtStart"] = LoadAverage(),
        };
    }

    /// <summary>VmHWM (peak resident set) of a process in MB, or null when it cannot be read.</summary>
    public static double? PeakRssMb(int pid) => ReadStatusKb(pid, "VmHWM:") is { } kb ? kb / 1024.0 : null;

    public static long? ReadStatusKb(int pid, string key)
    {
        try
        {
            string? line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
            return line is null ? null : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
