using StreamLab.Core;
using StreamLab.Core.Running;

namespace StreamLab.Tests.Core.Running;

public class RunLockTests
{
    [Fact]
    public void Acquire_WhileHeld_ThrowsNamingTheHolder_AndSucceedsOnceReleased()
    {
        var paths = new StreamLabPaths(Path.Combine(Path.GetTempPath(), "streamlab-lock-tests", Guid.NewGuid().ToString("N")));
        using (RunLock.Acquire(paths))
        {
            var e = Assert.Throws<InvalidOperationException>(() => RunLock.Acquire(paths));
            Assert.Contains("another StreamLab process", e.Message);
            Assert.Contains($"pid {Environment.ProcessId}", e.Message);
        }
        using var again = RunLock.Acquire(paths);
        Assert.NotNull(again);
    }
}
