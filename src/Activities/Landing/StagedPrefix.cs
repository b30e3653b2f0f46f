namespace MarketoExport.Activities.Landing;

/// <summary>What <see cref="BlobStorageSink.FindStagedPrefix"/> found in a blob's uncommitted block list.</summary>
/// <param name="BlockIds">The blocks to continue after, in order.</param>
/// <param name="Length">Their bytes.</param>
/// <param name="Digest">The digest after them (null when there are none).</param>
/// <param name="Others">Blocks of other exports, file versions or formats, described; null when there are none.</param>
internal sealed record StagedPrefix(IReadOnlyList<string> BlockIds, long Length, LandingDigest? Digest, string? Others)
{
    /// <summary>Nothing to continue after.</summary>
    public static StagedPrefix None { get; } = new([], 0, null, null);
}
