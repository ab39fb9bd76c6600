namespace StreamLab.Tests.Core.Statistics;

/// <summary>The shape of the values a simulated campaign draws for each repetition.</summary>
public enum SimulatedData
{
    /// <summary>Normal, σ = 1.</summary>
    Normal,
    /// <summary>Standard log-normal (e^Z, Z ~ N(0, 1)): skewed right like latencies, mean e^0.5, σ ≈ 2.16.</summary>
    LogNormal,
}

/// <summary>
/// Seeded simulated compare campaigns: <c>pairs</c> point pairs, <c>n</c> repetitions per side, each pair with its own
/// level (pairs differ as real matrix points do) and a true candidate − baseline change added to every candidate value;
/// <c>candidateSpread</c> scales the candidate's scatter (1 = both sides equally noisy).
/// </summary>
public static class CampaignSimulation
{
    public static List<(IReadOnlyList<double> Baseline, IReadOnlyList<double> Candidate)> Draw(Random random, int n, int pairs, SimulatedData data, double change,
        double candidateSpread = 1)
    {
        var strata = new List<(IReadOnlyList<double>, IReadOnlyList<double>)>(pairs);
        for (var p = 0; p < pairs; p++)
        {
            var level = 10.0 * p;
            var baseline = new double[n];
            var candidate = new double[n];
            for (var i = 0; i < n; i++)
            {
                baseline[i] = level + Value(random, data);
                candidate[i] = level + change + candidateSpread * Value(random, data);
            }
            strata.Add((baseline, candidate));
        }
        return strata;
    }

    /// <summary>One point's repetitions: <paramref name="n"/> draws around 0.</summary>
    public static double[] Sample(Random random, int n, SimulatedData data)
    {
        var values = new double[n];
        for (var i = 0; i < n; i++)
        {
            values[i] = Value(random, data);
        }
        return values;
    }

    /// <summary>The true mean of one draw.</summary>
    public static double Mean(SimulatedData data) => data == SimulatedData.Normal ? 0 : Math.Exp(0.5);

    private static double Value(Random random, SimulatedData data)
    {
        var z = Normal(random);
        return data == SimulatedData.Normal ? z : Math.Exp(z);
    }

    /// <summary>A standard normal draw (Box–Muller; the generator is seeded, so a run is repeatable).</summary>
    public static double Normal(Random random)
    {
        var u = 1 - random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * random.NextDouble());
    }
}
