"""Voice: episode scripts -> verified MP3 episodes with the time of every sentence.

Each sentence (and in CJK languages each Latin/CJK run of it, the Latin runs in the
English voice) is spoken into its own WAV, verified, retried when bad, and joined
with pauses; the episode is encoded, tagged and stored in the audio cache under a
hash of everything that shapes its sound. An unchanged episode is never spoken again.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import tempfile
from array import array
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType

from diglot import audio, languages, text, tts
from diglot.config import Config
from diglot.errors import DiglotError
from diglot.model import AudioEpisode, EpisodeScript, TimedSentence
from diglot.stages import audiocache, episodes, transcript
from diglot.tts import EngineFactory, SpeechEngine, SynthesisError

ATTEMPTS = 3  # tries per utterance before the episode fails
SENTENCE_PAUSE = 0.25  # seconds of silence added after the engine's own end pause
PARAGRAPH_PAUSE = 0.6
SEGMENT_PAUSE = 1.2  # between intro, sections and outro
INNER_JOIN = 0.04  # silence kept where two voices meet inside one sentence


@dataclass(frozen=True)
class Utterance:
    """One call of the engine: text in one voice."""

    text: str
    voice: str


@dataclass(frozen=True)
class PlannedSentence:
    text: str  # as shown in transcripts
    segment: int
    parts: tuple[Utterance, ...]
    pause_after: float


@dataclass(frozen=True)
class EpisodePlan:
    """Everything needed to make one episode's sound, picklable for worker processes."""

    label: str  # names the episode in messages: "'posts/kaizen' (zh-tw)"
    sentences: tuple[PlannedSentence, ...]
    rate: int
    bitrate: int
    tags: audio.Tags
    key: str  # hash of all of the above and the engine version: the cache key


@dataclass(frozen=True)
class Rendered:
    """A worker's result: untagged MP3 bytes and (start, end) seconds per sentence."""

    mp3: bytes
    times: tuple[tuple[float, float], ...]


def plan(script: EpisodeScript, config: Config, engine_version: str) -> EpisodePlan:
    """What to say in which voice, sentence by sentence, with the pauses between."""
    podcast = config.podcast
    if script.lang not in {lang.code for lang in config.languages}:
        raise DiglotError(f"episode '{script.key}': {script.lang!r} is not a site language")
    cjk = config.language(script.lang).cjk
    voice = podcast.voice(script.lang)
    sentences: list[PlannedSentence] = []
    for index, segment in enumerate(script.segments):
        for paragraph in segment.paragraphs:
            for sentence in text.split_sentences(paragraph):
                parts = _utterances(sentence, voice, podcast.latin_voice if cjk else None)
                if parts:
                    sentences.append(PlannedSentence(sentence, index, parts, SENTENCE_PAUSE))
            if sentences and sentences[-1].segment == index:
                sentences[-1] = _with_pause(sentences[-1], PARAGRAPH_PAUSE)
        if sentences and sentences[-1].segment == index:
            sentences[-1] = _with_pause(sentences[-1], SEGMENT_PAUSE)
    if not sentences:
        raise DiglotError(f"episode '{script.key}' ({script.lang}) has nothing to say")
    tags = _tags(script, config)
    spoken = [[s.segment, s.pause_after, [[u.voice, u.text] for u in s.parts]] for s in sentences]
    tagged = [*_tag_values(tags), hashlib.sha256(tags.cover).hexdigest()]
    key = _hash(
        {
            "format": audiocache.FORMAT,
            "engine": engine_version,
            "rate": podcast.rate,
            "bitrate": podcast.bitrate,
            "join": INNER_JOIN,
            "sentences": spoken,
            "tags": tagged,
        }
    )
    label = f"'{script.key}' ({script.lang})"
    return EpisodePlan(label, tuple(sentences), podcast.rate, podcast.bitrate, tags, key)


def _tag_values(tags: audio.Tags) -> list[object]:
    """The tags as plain values, the cover image left out (it is hashed instead)."""
    return [v for k, v in sorted(vars(tags).items()) if k != "cover"]


def _utterances(sentence: str, voice: str, latin_voice: str | None) -> tuple[Utterance, ...]:
    """The sentence in one voice, or split into runs when Latin words inside CJK text
    need the English voice (the Chinese voice would read them as pinyin)."""
    if latin_voice is None:
        return (Utterance(sentence, voice),) if sentence.strip() else ()
    parts = [
        Utterance(run.strip(), latin_voice if is_latin else voice)
        for is_latin, run in text.script_runs(sentence)
        if _speakable(run)
    ]
    return tuple(parts)


def _speakable(run: str) -> bool:
    return any(ch.isalnum() for ch in run)


def _with_pause(sentence: PlannedSentence, pause: float) -> PlannedSentence:
    return PlannedSentence(sentence.text, sentence.segment, sentence.parts, pause)


def _tags(script: EpisodeScript, config: Config) -> audio.Tags:
    podcast = config.podcast
    cover, mime = b"", ""
    if podcast.cover:
        path = config.root / podcast.cover
        try:
            cover = path.read_bytes()
        except OSError as exc:
            raise DiglotError(
                f"site.toml: podcast.cover: cannot read {podcast.cover} ({exc.strerror})"
            ) from None
        mime = "image/png" if cover.startswith(b"\x89PNG") else "image/jpeg"
    return audio.Tags(
        title=script.title,
        show=config.show_name(script.lang),
        host=podcast.host,
        date=script.date.strftime("%Y-%m-%d") if script.date else "",
        language=languages.alpha3(script.lang),
        track=script.number,
        comment=script.summary,
        cover=cover,
        cover_mime=mime,
    )


def _hash(data: object) -> str:
    encoded = json.dumps(data, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return hashlib.sha256(encoded).hexdigest()


def render(episode: EpisodePlan, engine: SpeechEngine) -> Rendered:
    """Speak every sentence, verify each WAV (retrying bad ones), join and encode."""
    samples = array("h")
    times: list[tuple[float, float]] = []
    rate = 0
    with tempfile.TemporaryDirectory(prefix="diglot-voice-") as scratch:
        for number, sentence in enumerate(episode.sentences, 1):
            pieces = [
                _speak(engine, episode, number, sentence, part, Path(scratch))
                for part in range(len(sentence.parts))
            ]
            rate = rate or pieces[0].rate
            if any(p.rate != rate for p in pieces):
                raise SynthesisError(
                    f"episode {episode.label}: sentence {number}: the voices speak at "
                    f"different sample rates ({sorted({p.rate for p in pieces})} Hz)"
                )
            start = len(samples) / rate
            for i, piece in enumerate(pieces):
                last = i == len(pieces) - 1
                head = 1.0 if i == 0 else INNER_JOIN
                samples.extend(audio.trim(piece, head, 10.0 if last else INNER_JOIN).samples)
            times.append((round(start, 3), round(len(samples) / rate, 3)))
            samples.extend(audio.silence(sentence.pause_after, rate))
    return Rendered(audio.encode_mp3(audio.Pcm(samples, rate), episode.bitrate), tuple(times))


def _speak(
    engine: SpeechEngine,
    episode: EpisodePlan,
    number: int,
    sentence: PlannedSentence,
    index: int,
    scratch: Path,
) -> audio.Pcm:
    part = sentence.parts[index]
    reasons: list[str] = []
    for attempt in range(1, ATTEMPTS + 1):
        # a fresh name per attempt: a late write from a failed try cannot land in this one
        wav = scratch / f"{number}-{index}-{attempt}.wav"
        try:
            engine.synthesize(part.text, part.voice, episode.rate, wav)
            return audio.read_wav(wav)
        except audio.BadWav as exc:
            reasons.append(str(exc))
        except tts.UnknownVoice:
            raise
        except (SynthesisError, OSError, RuntimeError) as exc:
            reasons.append(str(exc) or type(exc).__name__)
    raise SynthesisError(
        f"episode {episode.label}: sentence {number} could not be synthesised in "
        f"{ATTEMPTS} attempts ({'; '.join(dict.fromkeys(reasons))}): {sentence.text[:60]!r}; "
        "the episode was not published"
    )


# A worker process's own engine: pyttsx3 hangs when its engine crosses a fork, so each
# spawned worker makes one in its initializer and keeps it for all its episodes.
_worker_engine: SpeechEngine | None = None


def _start_worker(factory: EngineFactory) -> None:
    global _worker_engine
    _worker_engine = factory()


def _render_in_worker(episode: EpisodePlan) -> Rendered:
    assert _worker_engine is not None, "worker started without an engine"
    return render(episode, _worker_engine)


def _render_all(
    plans: Sequence[EpisodePlan], factory: EngineFactory, jobs: int
) -> Iterator[tuple[EpisodePlan, Rendered | DiglotError]]:
    """Rendered episodes in completion order; failures are yielded, not raised, so
    the others are still stored."""
    if not plans:
        return
    if jobs <= 1 or len(plans) == 1:
        engine = factory()
        for episode in plans:
            try:
                yield episode, render(episode, engine)
            except DiglotError as exc:
                yield episode, exc
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        min(jobs, len(plans)), mp_context=context, initializer=_start_worker, initargs=(factory,)
    ) as pool:
        futures = {pool.submit(_render_in_worker, episode): episode for episode in plans}
        for future in as_completed(futures):
            try:
                yield futures[future], future.result()
            except DiglotError as exc:
                yield futures[future], exc
            except BrokenProcessPool as exc:  # a worker's engine failed to start or crashed
                message = f"episode {futures[future].label}: a speech worker process died"
                yield futures[future], SynthesisError(f"{message} ({exc}); try --jobs 1")


def speak(
    scripts: Sequence[EpisodeScript],
    config: Config,
    jobs: int = 1,
    engine_factory: EngineFactory | None = None,
    engine_version: str | None = None,
    progress: Callable[[AudioEpisode], None] | None = None,
    starting: Callable[[int], None] | None = None,
    publish: Callable[[AudioEpisode], AudioEpisode] | None = None,
    cached_only: bool = False,
) -> tuple[AudioEpisode, ...]:
    """Every script as an episode whose MP3 is the audio cache's: from the cache when
    its sound is unchanged, else spoken (in `jobs` processes) unless `cached_only`
    (the dev server never speaks: those episodes are left out). The engine is only
    started when something must be spoken; `starting` is told how many episodes will
    be. Each finished episode goes through `publish` (which may copy it somewhere)
    before `progress` sees it. Failures are reported together, after the other
    episodes are done; a failed episode publishes nothing."""
    version = engine_version or tts.engine_version()
    names = _names(scripts)
    plans = [plan(script, config, version) for script in scripts]
    cache = audiocache.AudioCache(config.root)
    strings = transcript.chapter_strings(config)
    done: dict[int, AudioEpisode] = {}

    def finish(index: int, entry: audiocache.Entry, from_cache: bool) -> None:
        episode = _episode(scripts[index], plans[index], entry, names[index], strings, from_cache)
        if publish is not None:
            episode = publish(episode)
        done[index] = episode
        if progress:
            progress(episode)

    waiting: dict[str, list[int]] = {}  # sound key -> scripts that need it
    for index, episode_plan in enumerate(plans):
        entry = cache.get(episode_plan.key, len(episode_plan.sentences))
        if entry is None:
            waiting.setdefault(episode_plan.key, []).append(index)
        else:
            finish(index, entry, True)
    missing = [] if cached_only else [plans[indexes[0]] for indexes in waiting.values()]
    if missing and starting is not None:
        starting(sum(len(indexes) for indexes in waiting.values()))
    errors: list[str] = []
    for episode_plan, result in _render_all(missing, engine_factory or tts.Pyttsx3Engine, jobs):
        if isinstance(result, DiglotError):
            errors.append(result.format_message())
            continue
        entry = cache.put(episode_plan.key, result.mp3, result.times, episode_plan.tags)
        for index in waiting[episode_plan.key]:
            finish(index, entry, False)
    if errors:
        raise SynthesisError("\n".join(sorted(errors)))
    return tuple(done[i] for i in sorted(done))


def synthesize(
    scripts: Sequence[EpisodeScript],
    config: Config,
    output: Path,
    jobs: int = 1,
    engine_factory: EngineFactory | None = None,
    engine_version: str | None = None,
    progress: Callable[[AudioEpisode], None] | None = None,
) -> tuple[AudioEpisode, ...]:
    """Every script as an episode published in `output/<lang>/` (`podcast audio`):
    the MP3 copied from the cache and its transcripts and chapters beside it."""

    def publish(episode: AudioEpisode) -> AudioEpisode:
        return _publish(episode, output, config)

    return speak(scripts, config, jobs, engine_factory, engine_version, progress, None, publish)


def _episode(
    script: EpisodeScript,
    episode_plan: EpisodePlan,
    entry: audiocache.Entry,
    name: str,
    strings: Mapping[str, Mapping[str, str]],
    from_cache: bool,
) -> AudioEpisode:
    """The episode as the cache holds it: the MP3 in the cache, no transcript files."""
    sentences = tuple(
        TimedSentence(start, end, s.text, s.segment)
        for s, (start, end) in zip(episode_plan.sentences, entry.times, strict=True)
    )
    return AudioEpisode(
        script=script,
        name=name,
        mp3=entry.mp3.resolve(),
        bytes=entry.bytes,
        duration=entry.duration,
        sentences=sentences,
        chapters=transcript.chapters(script, sentences, strings.get(script.lang, {})),
        audio_key=entry.key,
        from_cache=from_cache,
    )


def _publish(episode: AudioEpisode, output: Path, config: Config) -> AudioEpisode:
    """Copy the MP3 and write the transcripts into `output/<lang>/`, leaving files
    whose content is unchanged untouched."""
    folder = output / episode.lang
    mp3 = folder / f"{episode.name}.mp3"
    if not _same_file(mp3, episode):
        audiocache.write_if_changed(mp3, episode.mp3.read_bytes())
    files = {
        kind: folder / f"{episode.name}{suffix}" for kind, (suffix, _) in transcript.FILES.items()
    }
    documents = transcript.documents(episode, config.podcast.host, config.show_name(episode.lang))
    for kind, document in documents.items():
        audiocache.write_if_changed(files[kind], document.encode("utf-8"))
    return replace(
        episode,
        mp3=mp3.resolve(),
        files=MappingProxyType({k: p.resolve() for k, p in files.items()}),
    )


def _same_file(path: Path, episode: AudioEpisode) -> bool:
    try:
        if path.stat().st_size != episode.bytes:
            return False
        return path.read_bytes() == episode.mp3.read_bytes()
    except OSError:
        return False


def _names(scripts: Sequence[EpisodeScript]) -> dict[int, str]:
    """File stem of each script's episode, by index in `scripts`."""
    stems = episodes.file_stems(s.key for s in scripts)
    return {index: stems[script.key] for index, script in enumerate(scripts)}
