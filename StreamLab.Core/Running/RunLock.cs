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
        try
        {
            var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
            {
                writer.Write(Environment.ProcessId);
            }
            file.Flush();
            return new RunLock(file);
        }
        catch (IOException)
        {
            var holder = TryReadHolder(path);
            throw new InvalidOperationException(
                $"another StreamLab process{holder} is running a campaign in {paths.DataDirectory}; wait for it or cancel it");
        }
    }

    private static string TryReadHolder(string path)
    {
        try
        {
            using var read = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(read);
            var pid = reader.ReadToEnd().Trim();
            return pid.Length > 0 ? $" (pid {pid})" : "";
        }
        catch (IOException)
        {
            return "";
        }
    }

    public void Dispose() => _file.Dispose();
}
