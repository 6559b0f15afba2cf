namespace CallCenterStats.Sdk.Emulator.Simulation;

/// <summary>
/// A small, fast, seedable generator (SplitMix64) whose sequence depends only on its seed, on every platform and
/// runtime version (unlike <see cref="Random"/>'s unspecified algorithm or <see cref="HashCode"/>'s per-process
/// randomization). The simulation and the fault injector both draw from it.
/// </summary>
public sealed class DeterministicRandom
{
    private ulong _state;

    /// <summary>Creates a generator for a seed.</summary>
    /// <param name="seed">The seed.</param>
    public DeterministicRandom(ulong seed)
    {
        _state = seed;
    }

    /// <summary>Mixes several values into one seed, deterministically.</summary>
    /// <param name="parts">The values.</param>
    /// <returns>The combined seed.</returns>
    public static ulong Mix(params ReadOnlySpan<long> parts)
    {
        var h = 0x9E3779B97F4A7C15UL;
        foreach (var part in parts)
        {
            h = Scramble(h ^ (ulong)part);
        }

        return h;
    }

    /// <summary>Returns the next 64 random bits.</summary>
    /// <returns>A random value.</returns>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Scramble(_state);
    }

    /// <summary>Returns a value in <c>[0, 1)</c>.</summary>
    /// <returns>A random fraction.</returns>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Returns an integer in <c>[min, max)</c>.</summary>
    /// <param name="min">The smallest value.</param>
    /// <param name="max">One more than the largest value.</param>
    /// <returns>A random integer.</returns>
    public long Next(long min, long max) => min + (long)(NextUInt64() % (ulong)(max - min));

    private static ulong Scramble(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
