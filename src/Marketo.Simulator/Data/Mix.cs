namespace MarketoExport.Marketo.Simulator.Data;

/// <summary>Stateless deterministic hashing (SplitMix64): any record's values are a pure function of (seed, index).</summary>
internal static class Mix
{
    public static ulong Hash(int seed, int stream, long index, int salt = 0)
    {
        var z = unchecked((ulong)seed * 0x9E3779B97F4A7C15UL + (ulong)stream * 0xBF58476D1CE4E5B9UL + (ulong)index * 0x94D049BB133111EBUL + (ulong)salt * 0x2545F4914F6CDD1DUL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    public static int Pick(ulong hash, int count) => (int)(hash % (ulong)count);
}
