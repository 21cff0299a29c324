"""The command line: reads files, calls the library, writes records. No extraction logic here."""

from __future__ import annotations

import itertools
import json
import os
import signal
import sqlite3
import sys
import time
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import click

from .emit import FORMATS, RESUMABLE, Sink, choose_format, open_sink, partial
from .limits import DEFAULT_BUDGET, DEFAULT_GLOBS, DEFAULT_MAX_BYTES, STDIN

# The batch runner and the engine (rules, regex, lxml) are imported by the commands that
# use them, not here: `congress-extract --help` then starts in a few tens of milliseconds.

class UserError(click.ClickException):
    """A mistake in what the user asked for (a missing folder, nothing to read): one line, exit 2."""

    exit_code = 2


EXTRACT_EXAMPLES = """
\b
Examples:
  congress-extract extract article.txt                 # one pretty JSON record
  congress-extract extract samples/ -o out.jsonl       # a folder, JSON Lines
  congress-extract extract pages/ --glob '*.htm*' --format csv > facts.csv
  congress-extract extract big/ -o out.jsonl --resume  # continue a killed batch
  cat page.html | congress-extract extract -            # standard input
"""


def _print_version(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from . import __version__

    click.echo(f"congress-extract, version {__version__}")
    ctx.exit()


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--version", is_flag=True, expose_value=False, is_eager=True, callback=_print_version,
              help="Show the version and exit.")
def main() -> None:
    """Turn saved Vietnamese articles about trade-union congresses into structured JSON.

    \b
    Examples:
      congress-extract extract samples/
      congress-extract clean samples/000_e1dce1244da52f11.txt --explain
      congress-extract show samples/000_e1dce1244da52f11.txt
      congress-extract eval ../shared/gold samples/
    """


@main.command(epilog=EXTRACT_EXAMPLES)
@click.argument("paths", nargs=-1, required=True)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Write records to FILE (atomically) instead of stdout; its extension (.jsonl, .json, .csv, .sqlite) picks the format.")
@click.option("-f", "--format", "fmt", type=click.Choice(FORMATS), help="jsonl (default for several inputs), json (pretty; default for one file), csv (one row per fact), sqlite (a database; needs -o). Wins over the extension of -o.")
@click.option("--glob", "globs", multiple=True, metavar="PATTERN", help=f"File names to take from folders; repeatable. Default: {' '.join(DEFAULT_GLOBS)}.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None, help="Worker processes. Default: the number of cores.")
@click.option("--resume", is_flag=True, help="With -o FILE in jsonl or sqlite: skip inputs already recorded there (same path and sha256) and add the rest.")
@click.option("--force", is_flag=True, help="Overwrite an existing output file.")
@click.option("--excel", is_flag=True, help="With csv: start with a UTF-8 byte order mark, so spreadsheet programs read Vietnamese correctly.")
@click.option("--max-bytes", type=click.IntRange(min=1), default=DEFAULT_MAX_BYTES, show_default=True, help="Larger inputs give an error record instead of being read.")
@click.option("--budget", type=click.FloatRange(min=0), default=DEFAULT_BUDGET, show_default=True, help="Seconds per document before it gives a `timeout` error record (0: no limit).")
@click.option("--patterns", "pattern_dirs", multiple=True, type=click.Path(exists=True, file_okay=False), help="A folder of extra rule files (TOML); repeatable.")
@click.option("--progress/--no-progress", default=None, help="A progress bar on stderr. Default: when stderr is a terminal and there are several files.")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def extract(paths: tuple[str, ...], output: Path | None, fmt: str | None, globs: tuple[str, ...], jobs: int | None,
            resume: bool, force: bool, excel: bool, max_bytes: int, budget: float, pattern_dirs: tuple[str, ...],
            progress: bool | None, debug: bool) -> None:
    """Extract one record per article from files, folders (recursed) or - (stdin).

    Records are written as they are done, in input order, whatever --jobs is.
    """
    one = len(paths) == 1 and not os.path.isdir(paths[0])  # one file, or stdin
    single = one and paths[0] != STDIN
    fmt = choose_format(fmt, output, "json" if single else "jsonl")
    _check_output(fmt, output, resume, force, excel)
    if output is not None and _names_an_input(output, paths, globs or DEFAULT_GLOBS):
        raise click.UsageError(f"{output} is one of the inputs: the records would replace the article")
    from .batch import Options, discover, display
    from .patterns import PatternError, load_rules

    options = Options(tuple(pattern_dirs), max_bytes, budget or None)
    try:
        load_rules(options.patterns)
    except PatternError as exc:
        raise click.UsageError(f"bad rule file: {exc}") from exc
    globs = globs or DEFAULT_GLOBS
    # Standard input belongs to this process, not to pool workers.
    jobs = 1 if single or STDIN in paths else (jobs or os.cpu_count() or 1)
    stats = {"ok": 0, "failed": 0, "facts": 0, "skipped": 0}
    started = time.monotonic()
    show_bar = progress if progress is not None else (sys.stderr.isatty() and not single)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops a batch as cleanly as Ctrl-C
    inputs = discover(paths, globs)
    first = next(inputs, None)
    if first is None:  # before any output is opened: an empty run leaves no empty file behind
        raise UserError(f"no input files matched {' '.join(globs)} in {' '.join(map(display, paths))}")
    inputs = itertools.chain([first], inputs)
    try:
        with _progress(show_bar, paths, globs) as advance, \
                _sink(fmt, output, resume=resume, single=one and fmt == "json", excel=excel) as sink:
            if sink.done:
                inputs = _skip_done(inputs, sink.done, stats, advance)
            with closing(run(inputs, options, jobs=jobs)) as records:
                for record in records:
                    sink.write(record)
                    _tally(record, stats, debug)
                    advance()
    except KeyboardInterrupt:
        where = f"; finished records are in {partial(output)}, rerun with --resume to continue" if output else ""
        click.echo(f"interrupted after {stats['ok'] + stats['failed']} records{where}", err=True)
        sys.exit(130)
    elapsed = time.monotonic() - started
    total = stats["ok"] + stats["failed"]
    rate = f", {total / elapsed:.0f} files/s" if elapsed > 0 and total > 1 else ""
    skipped = f", {stats['skipped']} already done" if resume else ""
    click.echo(f"{_count(total, 'file')}: {stats['ok']} ok, {stats['failed']} failed{skipped}; {stats['facts']} facts; "
               f"{elapsed:.1f} s{rate}", err=True)
    sys.exit(1 if stats["failed"] else 0)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _check_output(fmt: str, output: Path | None, resume: bool, force: bool, excel: bool) -> None:
    """Usage errors about where and how records go, before any work is done."""
    if output is not None:
        _check_folder(output)
    if fmt == "sqlite" and output is None:
        raise click.UsageError("--format sqlite needs -o FILE")
    if resume and (output is None or fmt not in RESUMABLE):
        raise click.UsageError(f"--resume needs -o FILE and --format {' or '.join(RESUMABLE)}")
    if excel and fmt != "csv":
        raise click.UsageError("--excel is for --format csv")
    if output is not None and output.exists() and not (force or resume):
        raise click.UsageError(f"{output} exists: add --force to overwrite it or --resume to continue it")


def _check_folder(output: Path) -> None:
    """The folder -o writes into exists (the records are not worth a traceback at the end)."""
    folder = output.parent
    if not folder.is_dir():
        raise UserError(f"-o {click.format_filename(output)}: the folder {click.format_filename(folder)} does not exist")


@contextmanager
def _sink(fmt: str, output: Path | None, **how: Any) -> Iterator[Sink]:
    """The output, opened; a file that cannot be continued or created is a usage error."""
    try:
        sink = open_sink(fmt, output, **how)
    except (ValueError, sqlite3.DatabaseError) as exc:
        raise click.UsageError(f"{output}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"-o {click.format_filename(output)}: {exc.strerror or exc}") from exc
    with sink:
        yield sink


def _names_an_input(output: Path, paths: tuple[str, ...], globs: tuple[str, ...]) -> bool:
    """Whether -o points at a file the batch reads (named, or under a named folder and matching a glob)."""
    from .batch import matches

    target = os.path.realpath(output)
    for path in paths:
        if path == STDIN:
            continue
        real = os.path.realpath(path)
        if real == target:
            return True
        if os.path.isdir(real) and target.startswith(real.rstrip(os.sep) + os.sep):
            if matches(os.path.basename(target), globs):
                return True
    return False


def run(inputs: Iterator[str], options: Any, jobs: int) -> Iterator[dict[str, Any]]:
    """The batch runner (`batch.run`), imported only when a batch starts."""
    from .batch import run as run_batch

    return run_batch(inputs, options, jobs=jobs)


def _interrupt(signum: int, frame: Any) -> None:
    raise KeyboardInterrupt


def _skip_done(inputs: Iterator[str], done: dict[str, set[str]], stats: dict[str, int],
               advance: Callable[[], None]) -> Iterator[str]:
    """The inputs whose current bytes are not yet recorded (--resume)."""
    from .batch import already_done

    for path in inputs:
        if already_done(path, done):
            stats["skipped"] += 1
            advance()
        else:
            yield path


def _tally(record: dict[str, Any], stats: dict[str, int], debug: bool) -> None:
    if record["status"] == "ok":
        stats["ok"] += 1
        stats["facts"] += sum(len(record[k]) for k in ("events", "dates", "terms", "officials", "elections", "votes", "ratios", "percentages"))
        return
    stats["failed"] += 1
    err = record.get("error", {})
    click.echo(f"error: {record['source']['path']}: {err.get('type')}: {err.get('message')}", err=True)


@contextmanager
def _progress(enabled: bool, paths: tuple[str, ...], globs: tuple[str, ...]) -> Iterator[Callable[[], None]]:
    """A progress bar; the inputs are counted alongside, so the first records are not held back."""
    if not enabled:
        yield lambda: None
        return
    import threading

    from .batch import discover

    with progress_bar() as bar:
        task = bar.add_task("extract", total=None)

        def count() -> None:
            bar.update(task, total=sum(1 for _ in discover(paths, globs)))

        threading.Thread(target=count, daemon=True, name="count-inputs").start()
        yield lambda: bar.advance(task)


def progress_bar(**console: Any) -> Any:
    """The bar, on stderr (stdout is the data's): files done of the total (known once the
    inputs are counted), files per second, and the time remaining."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, ProgressColumn, TextColumn, TimeRemainingColumn
    from rich.text import Text

    class Rate(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed:.1f} files/s" if task.speed else "- files/s")

    columns = (TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), Rate(), TimeRemainingColumn())
    return Progress(*columns, transient=True, redirect_stdout=False, redirect_stderr=False,
                    console=Console(stderr=True, **console))


@main.command(name="import")
@click.argument("records", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path), help="The archive to build or add to; its extension picks the format (default sqlite).")
@click.option("-f", "--format", "fmt", type=click.Choice(RESUMABLE), help="sqlite (default) or jsonl. Wins over the extension of -o.")
@click.option("--force", is_flag=True, help="Start OUTPUT anew instead of adding to it.")
def import_(records: tuple[str, ...], output: Path, fmt: str | None, force: bool) -> None:
    """Build (or add to) an archive from JSON Lines records made elsewhere.

    Records whose input (path and sha256) is already in OUTPUT are skipped, so
    importing the same file twice adds nothing. The rows are the ones
    `extract -o OUTPUT` writes for the same records.

    \b
    Examples:
      congress-extract import records-*.jsonl -o archive.sqlite
      congress-extract import more.jsonl -o archive.sqlite      # adds to it (or to the
                                                                # archive.sqlite.part a stopped import left)
    """
    from .emit.jsonl import read

    fmt = choose_format(fmt, output, "sqlite")
    _check_folder(output)
    if fmt not in RESUMABLE:
        raise click.UsageError(f"import writes {' or '.join(RESUMABLE)}, not {fmt}")
    added = skipped = bad = 0
    earlier = output.exists() or partial(output).exists()  # a finished archive, or one an interrupted run left
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        with _sink(fmt, output, resume=earlier and not force) as sink:
            for name in records:
                for number, record in read(name):
                    if record is None:
                        bad += 1
                        click.echo(f"error: {name}:{number}: not a congress-extract record", err=True)
                        continue
                    src = record["source"]
                    if src.get("sha256") in sink.done.get(src["path"], ()):
                        skipped += 1
                        continue
                    sink.write(record)
                    sink.done.setdefault(src["path"], set()).add(src.get("sha256"))
                    added += 1
    except KeyboardInterrupt:
        click.echo(f"interrupted after {added} records; they are in {partial(output)}, "
                   f"run the same import again to add the rest", err=True)
        sys.exit(130)
    click.echo(f"{added} records added to {output}, {skipped} already there, {bad} bad lines", err=True)
    sys.exit(1 if bad else 0)


@main.command(name="people")
@click.argument("sources", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--name", metavar="TEXT", help="Only people whose name contains these words, ignoring case and accents.")
@click.option("-f", "--format", "fmt", type=click.Choice(("table", "csv", "jsonl")), help="Default: a table on a terminal, JSON Lines when piped.")
def people_cmd(sources: tuple[str, ...], name: str | None, fmt: str | None) -> None:
    """One row per person across SOURCES (archives made with -o FILE.sqlite, or JSON Lines files).

    Names are matched after folding case and tone placement; two people with the
    same name are one row. Each row: the name, every position with the number of
    documents that state it, the roles, the documents, and the first and last
    dates (each document's event date, else its publication date).

    \b
    Examples:
      congress-extract people archive.sqlite --name "nguyen dinh khang"
      congress-extract people records.jsonl --format csv > people.csv
    """
    from .people import mentions_in, people, render_table, write_csv, write_jsonl

    try:
        found = people(mentions_in(sources), name=name)
    except sqlite3.DatabaseError as exc:
        raise click.UsageError(f"not a congress-extract archive: {exc}") from exc
    fmt = fmt or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt == "table":
        render_table(found)
    else:
        (write_csv if fmt == "csv" else write_jsonl)(found, sys.stdout)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
@click.option("--explain", is_flag=True, help="List every removed line with its line number, reason and evidence.")
def clean(file: str, explain: bool) -> None:
    """Print the cleaned article text of FILE (portal boilerplate removed).

    \b
    Examples:
      congress-extract clean page.txt
      congress-extract clean page.html --explain
    """
    record = _one(file)
    if not explain:
        click.echo(record["article"]["text"])
        return
    from rich.console import Console
    from rich.table import Table

    from .show import shown

    table = Table("line", "removed text", "reason", "evidence", title=f"{len(record['boilerplate'])} lines removed")
    colours = {"visitor counter": "magenta", "poll": "yellow", "footer": "blue", "related news": "cyan",
               "sidebar": "green", "pagination": "bright_black", "share widget": "bright_cyan"}
    for item in record["boilerplate"]:
        colour = colours.get(item["reason"], "red")
        table.add_row(str(item["line"]), item["text"], f"[{colour}]{item['reason']}[/]", item.get("evidence") or "")
    console = Console()
    console.print(table)
    meta = record["article"]
    console.print("  ".join(f"[bold]{key}[/] {shown(meta[key])}" for key in ("title", "published", "views", "byline")))


@main.command()
def schema() -> None:
    """Print the JSON Schema of the output record (congress-extract/1).

    \b
    Example:
      congress-extract schema > record.schema.json
    """
    from importlib.resources import files

    click.echo(files("congress_extract").joinpath("schema.json").read_text(encoding="utf-8"))


@main.command(name="eval")
@click.argument("gold_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.argument("inputs", required=False, type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--show-errors", is_flag=True, help="List every miss and false positive.")
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
def evaluate_cmd(gold_dir: Path, inputs: Path | None, show_errors: bool, as_json: bool) -> None:
    """Score the extractor on GOLD_DIR/*.json; INPUTS is the folder of the articles they name.

    INPUTS defaults to GOLD_DIR/../seeds, else ./samples.

    \b
    Examples:
      congress-extract eval ../shared/gold ../shared/seeds
      congress-extract eval ../shared/gold samples --show-errors
    """
    from .evaluate import PAGE, evaluate

    if inputs is None:
        inputs = next((p for p in (gold_dir.parent / "seeds", Path("samples")) if p.is_dir()), None)
        if inputs is None:
            raise click.UsageError("name the INPUTS folder")
    if not any(gold_dir.glob("*.json")):
        raise UserError(f"no gold files (*.json) in {click.format_filename(gold_dir)}")
    report = evaluate(gold_dir, inputs)
    for problem in report.unscored:
        click.echo(f"error: {problem}", err=True)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))
    else:
        click.echo(f"{_count(report.documents, 'document')}")
        click.echo(f"{'field':<12} {'tp':>5} {'fp':>5} {'fn':>5} {'prec':>6} {'rec':>6} {'f1':>6}")
        for name, s in report.scores.items():
            if name == PAGE[0]:
                click.echo("not compared by the GUIDE (the page):")
            measures = ("-", "-", "-") if s.empty else (f"{s.precision:.3f}", f"{s.recall:.3f}", f"{s.f1:.3f}")
            click.echo(f"{name:<12} {s.tp:>5} {s.fp:>5} {s.fn:>5} " + " ".join(f"{m:>6}" for m in measures))
        if show_errors:
            for name, s in report.scores.items():
                for error in s.errors:
                    click.echo(f"  {name}: {error}")
    sys.exit(1 if report.unscored else 0)


@main.command()
@click.argument("file", type=click.Path(dir_okay=False, allow_dash=True))
def show(file: str) -> None:
    """Render one article for a person: facts highlighted in the text, and tables of them.

    \b
    Example:
      congress-extract show samples/000_e1dce1244da52f11.txt
    """
    from .show import render

    render(_one(file))


def _one(file: str) -> dict[str, Any]:
    from .batch import Options, display, process

    record = process(file, Options())
    if record["status"] != "ok":
        err = record["error"]
        click.echo(f"error: {display(file)}: {err['type']}: {err['message']}", err=True)
        sys.exit(1)
    return record


if __name__ == "__main__":  # pragma: no cover
    main()
