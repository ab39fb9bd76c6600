namespace StreamLab.Core.Running;

/// <summary>
/// One campaign runs at a time per data folder. The lock is an exclusive open of <c>run.lock</c>
/// (flock on Linux), released by the kernel even on kill -9, so a record still marked running
/// while we hold the lock was left behind by a dead process and can be marked interrupted.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _file;

    private RunLock(FileStream file) => _file = file;

    /// <summary>Takes the lock or throws <see cref="InvalidOperationException"/> naming the holder.</summary>
    public static RunLock Acquire(StreamLabPaths paths)
    {
        Directory.CreateDirectory(paths.DataDirectory);
        var path = Path.Combine(paths.DataDirectory, "run.lock");
        // The lock file itself cannot be read by others while held, so the holder's pid goes beside it.
        var owner = Path.Combine(paths.DataDirectory, "run.owner");
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(owner, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return new RunLock(file);
        }
        catch (IOException)
        {
            var holder = TryRead(owner) is { Length: > 0 } pid ? $" (pid {pid})" : "";
            throw new InvalidOperationException(
                $"another StreamLab process{holder} is running a campaign in {paths.DataDirectory}; wait for it or cancel it");
        }
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }

    public void Dispose() => _file.Dispose();
}
