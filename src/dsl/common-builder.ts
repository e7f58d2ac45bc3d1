/** The builder methods micro and load specs share: tags, tolerance, skip and only. */
export abstract class CommonSpecBuilder<
  S extends { tags: string[]; tolerance?: unknown; skip: boolean; only: boolean },
> {
  /** The settings the builder records into (read when the spec is validated). */
  protected readonly settings: S;

  /** @internal Created by itPerf() or loadPerf(); spec files never construct one. */
  constructor(settings: S) {
    this.settings = settings;
  }

  /** Adds tags, for `--tags` and `--skip-tags`. */
  tags(...names: string[]): this {
    this.settings.tags.push(...names);
    return this;
  }

  /**
   * How far from its calibrated baseline the spec may move before it fails:
   * `"15%"` or `0.15`. Overrides the profile's and the run's default.
   */
  tolerance(value: string | number): this {
    this.settings.tolerance = value;
    return this;
  }

  /** Reports the spec as SKIP without running it. */
  skip(): this {
    this.settings.skip = true;
    return this;
  }

  /** Runs only the specs (in any loaded file) marked `.only()`. */
  only(): this {
    this.settings.only = true;
    return this;
  }
}
