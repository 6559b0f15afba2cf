using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallCenterStats.Sdk.Core.Tests.TestVendor;

/// <summary>
/// An HTTP/1.1 server on 127.0.0.1 written on a bare socket, for what Kestrel does not do on purpose: a response cut off
/// mid-body by a clean close of the connection (FIN, after everything written has been delivered). Kestrel aborts a
/// connection with a reset, which may discard data the client had not read yet, headers included.
/// </summary>
internal sealed class RawHttpServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Func<int, string> _respond;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private int _requests;

    /// <param name="respond">
    /// Given the request number (1, 2, …), the raw response to write; the connection is closed after it. A response whose
    /// body is shorter than its <c>Content-Length</c> is a body cut off mid-way.
    /// </param>
    public RawHttpServer(Func<int, string> respond)
    {
        _respond = respond;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        BaseAddress = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _accepting = AcceptAsync();
    }

    public Uri BaseAddress { get; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>A 200 JSON response that announces <c>Content-Length</c> 1000 more than <paramref name="start"/> and sends only it.</summary>
    public static string CutOff(string start) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(start) + 1000}\r\nConnection: close\r\n\r\n{start}";

    /// <summary>A complete 200 JSON response.</summary>
    public static string Complete(string body) =>
        $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {Encoding.UTF8.GetByteCount(body)}\r\nConnection: close\r\n\r\n{body}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }
        catch (SocketException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            var socket = await _listener.AcceptSocketAsync(_stop.Token);
            _ = ServeAsync(socket);
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        using (socket)
        {
            var buffer = new byte[16 * 1024];
            var received = new StringBuilder();
            while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    return;
                }

                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            var response = _respond(Interlocked.Increment(ref _requests));
            await socket.SendAsync(Encoding.UTF8.GetBytes(response), SocketFlags.None, _stop.Token);

            // A clean close: FIN after the data, then wait for the client to close its side.
            socket.Shutdown(SocketShutdown.Send);
            try
            {
                while (await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token) > 0)
                {
                }
            }
            catch (SocketException)
            {
            }
        }
    }
}
