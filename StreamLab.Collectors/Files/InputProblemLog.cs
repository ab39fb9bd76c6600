using StreamLab.Core.Running;

namespace StreamLab.Collectors.Files;

/// <summary>The problems found in one input file: the first <see cref="Capacity"/> kept, all counted.</summary>
public sealed class InputProblemLog
{
    public const int Capacity = StreamLab.Core.Import.ImportLimits.MaxProblemsListed;

    private readonly Lock _lock = new();
    private readonly List<InputProblem> _kept = [];
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public IReadOnlyList<InputProblem> Problems
    {
        get
        {
            lock (_lock)
            {
                return [.. _kept];
            }
        }
    }

    public void Add(InputProblem problem)
    {
        lock (_lock)
        {
            _count++;
            if (_kept.Count < Capacity)
            {
                _kept.Add(problem);
            }
        }
    }
}
