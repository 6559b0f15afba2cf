using NodaTime;

namespace CallCenterStats.Sdk.Emulator.Simulation;

/// <summary>What an agent is doing during a <see cref="StateSegment"/>.</summary>
public enum AgentState
{
    /// <summary>Logged out.</summary>
    Offline = 0,

    /// <summary>Logged in and waiting for a call.</summary>
    Ready,

    /// <summary>Talking to a caller.</summary>
    OnCall,

    /// <summary>Wrapping up after a call (after-call work).</summary>
    AfterCallWork,

    /// <summary>On a pause (break, training…); see <see cref="StateSegment.PauseReason"/>.</summary>
    Paused,

    /// <summary>Logged in but not to be disturbed.</summary>
    DoNotDisturb,
}

/// <summary>An agent of the simulated contact center.</summary>
/// <param name="Index">The agent's position, 0-based.</param>
/// <param name="Id">The numeric id (Voximplant <c>user_id</c>, VCC Live <c>userId</c>).</param>
/// <param name="Login">The login (Thulium <c>login</c>).</param>
/// <param name="FirstName">The first name.</param>
/// <param name="LastName">The last name.</param>
/// <param name="Email">The SIP user id / e-mail (Netaxis <c>agentUserId</c>).</param>
/// <param name="Queue">The queue the agent serves.</param>
/// <param name="DestinationNumber">The agent's phone number as an Enswitch queue destination (<c>dnumber</c>).</param>
public sealed record SimulatedAgent(
    int Index,
    long Id,
    string Login,
    string FirstName,
    string LastName,
    string Email,
    QueueInfo Queue,
    string DestinationNumber);

/// <summary>A queue (and the project / call center / agent group it stands for in each vendor).</summary>
/// <param name="Index">The queue's position, 0-based.</param>
/// <param name="Id">The numeric id (Enswitch queue, VCC Live project, Thulium queue and agent group).</param>
/// <param name="Name">The name.</param>
/// <param name="CallCenterName">The Netaxis call-center name (<c>name@domain</c>).</param>
public sealed record QueueInfo(int Index, long Id, string Name, string CallCenterName);

/// <summary>A stretch of time an agent spent in one state: <c>[Start, End)</c>.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="State">The state.</param>
/// <param name="Start">When it began.</param>
/// <param name="End">When it ended (exclusive).</param>
/// <param name="PauseReason">For <see cref="AgentState.Paused"/>, the pause reason id (1–4); otherwise null.</param>
public sealed record StateSegment(SimulatedAgent Agent, AgentState State, Instant Start, Instant End, int? PauseReason = null)
{
    /// <summary>The length of the segment.</summary>
    public Duration Duration => End - Start;
}

/// <summary>A call offered to an agent by a queue.</summary>
/// <param name="Agent">The agent it was offered to.</param>
/// <param name="Offered">When the caller entered the queue.</param>
/// <param name="Wait">How long the caller waited before the agent answered (or before giving up).</param>
/// <param name="Answered">Whether the agent answered.</param>
/// <param name="Talk">The talk time; zero when unanswered.</param>
public sealed record SimulatedCall(SimulatedAgent Agent, Instant Offered, Duration Wait, bool Answered, Duration Talk)
{
    /// <summary>When the agent answered (or when the caller gave up).</summary>
    public Instant Connected => Offered + Wait;
}

/// <summary>One agent's day: its state timeline covering the whole local day, and its calls.</summary>
/// <param name="Agent">The agent.</param>
/// <param name="Date">The local date in the center's zone.</param>
/// <param name="Segments">Consecutive segments from the start of the day to the start of the next.</param>
/// <param name="Calls">The calls, in time order.</param>
public sealed record AgentDay(SimulatedAgent Agent, LocalDate Date, IReadOnlyList<StateSegment> Segments, IReadOnlyList<SimulatedCall> Calls)
{
    /// <summary>The first instant the agent was logged in, or null on a day off.</summary>
    public Instant? Login => Segments.FirstOrDefault(s => s.State != AgentState.Offline)?.Start;

    /// <summary>The last instant the agent was logged in, or null on a day off.</summary>
    public Instant? Logout => Segments.LastOrDefault(s => s.State != AgentState.Offline)?.End;
}
