"""Rendering one draft: each block of the template separately, then the output made safe (a
one-line subject, a tidy body)."""

from __future__ import annotations

import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from jinja2 import Template, TemplateNotFound, TemplateSyntaxError, UndefinedError, nodes
from jinja2.sandbox import SecurityError

from ..models import Draft
from .catalogue import choose_language, choose_template, is_template_name, list_templates
from .context import DraftInput, build_context
from .environment import DraftSandbox, environments
from .errors import TemplateError
from .languages import template_files
from .notes import note_warning
from .text import normalise_text, subject_line

BlockTable = dict[str, list[Callable[..., Iterator[str]]]]

# Whether a loaded template uses {% extends %}; keyed by the Template object, so a template
# reloaded after an edit is looked at afresh.
_EXTENDS: weakref.WeakKeyDictionary[Template, bool] = weakref.WeakKeyDictionary()


def render_draft(
    inp: DraftInput,
    template: str | None = None,
    user_dir: Path | None = None,
    language: str | None = None,
) -> Draft:
    """Render the draft for one contact with ``template`` (or the one ``choose_template`` picks)
    in ``language`` (or the one ``choose_language`` picks), looking in ``user_dir`` before the
    shipped templates."""
    name = choose_template(inp, template)
    lang = choose_language(inp, language)
    envs = environments(user_dir)
    values = build_context(inp, lang)
    with _as_template_error(name):
        text_template = _load(envs.text, name, lang, user_dir)
        blocks = _block_table(text_template, values)
        for required in ("subject", "text"):
            if required not in blocks:
                raise TemplateError(
                    f"template {name!r} ({text_template.filename}) has no "
                    f"{{% block {required} %}}: a draft needs a subject and a text block"
                )
        subject = subject_line(_render_block(text_template, blocks, "subject", values))
        body = normalise_text(_render_block(text_template, blocks, "text", values))
        html = None
        if "html" in blocks:
            html_template = _load(envs.html, name, lang, user_dir)
            html_blocks = _block_table(html_template, values)
            html = normalise_text(_render_block(html_template, html_blocks, "html", values))
    for part, value in (("subject", subject), ("text", body)):
        if not value:
            raise TemplateError(f"template {name!r} rendered an empty {part}")
    warning = note_warning(
        body, {"your note": inp.note, "the event's note": inp.event.note if inp.event else None}
    )
    return Draft(
        subject=subject,
        body=body,
        html=html or None,
        template=name,
        language=lang,
        note_warning=warning,
    )


def _load(env: DraftSandbox, name: str, language: str, user_dir: Path | None) -> Template:
    if is_template_name(name):  # no folders, no "..", no partials
        for file in template_files(name, language):
            try:
                return env.get_template(file)
            except TemplateNotFound as exc:
                if exc.name != file:  # the template exists; something it includes does not
                    raise
    available = ", ".join(t.name for t in list_templates(user_dir)) or "none"
    where = f" (looked in {user_dir} and the shipped templates)" if user_dir else ""
    raise TemplateError(f"unknown template {name!r}{where}; available: {available}")


def _block_table(template: Template, values: dict[str, Any]) -> BlockTable:
    """Each block's implementations, the template's own first. With {% extends %} the parents'
    blocks are only known once the root has run, so that template runs once up front."""
    if not _extends(template):
        return {name: [block] for name, block in template.blocks.items()}
    context = template.new_context(values)
    for _ in template.root_render_func(context):
        pass
    return {name: list(chain) for name, chain in context.blocks.items()}


def _extends(template: Template) -> bool:
    known = _EXTENDS.get(template)
    if known is None:
        env = template.environment
        assert env.loader is not None and template.name is not None
        source, _, _ = env.loader.get_source(env, template.name)
        tree = env.parse(source, template.name, template.filename)
        known = _EXTENDS[template] = next(tree.find_all(nodes.Extends), None) is not None
    return known


def _render_block(template: Template, blocks: BlockTable, name: str, values: dict[str, Any]) -> str:
    context = template.new_context(values)
    # The whole chain, so {{ super() }} and {{ self.text() }} work in a block rendered alone.
    context.blocks = {block: list(chain) for block, chain in blocks.items()}
    return "".join(blocks[name][0](context))


@contextmanager
def _as_template_error(name: str) -> Iterator[None]:
    """Every way a template can fail becomes a TemplateError saying where."""
    try:
        yield
    except TemplateError:
        raise
    except TemplateSyntaxError as exc:
        raise TemplateError(
            f"template {name!r}: syntax error in {exc.filename or exc.name}, "
            f"line {exc.lineno}: {exc.message}"
        ) from exc
    except SecurityError as exc:
        raise TemplateError(
            f"template {name!r}{_where(exc.__traceback__)}: refused by the sandbox: {exc}"
        ) from exc
    except UndefinedError as exc:
        raise TemplateError(
            f"template {name!r}{_where(exc.__traceback__)}: undefined variable: {exc.message} "
            "(templates/README.md lists the variables)"
        ) from exc
    except TemplateNotFound as exc:
        raise TemplateError(
            f"template {name!r}{_where(exc.__traceback__)}: "
            f"it includes or extends {exc.name!r}, which does not exist"
        ) from exc
    except Exception as exc:  # a template is code: any failure in it is the template's
        raise TemplateError(
            f"template {name!r}{_where(exc.__traceback__)}: {type(exc).__name__}: {exc}"
        ) from exc


def _where(tb: TracebackType | None) -> str:
    """The " (file, line N)" of the innermost template frame: Jinja marks the module it compiles a
    template to with ``__jinja_template__`` and maps Python lines back to template lines."""
    where = ""
    while tb is not None:
        template = tb.tb_frame.f_globals.get("__jinja_template__")
        if template is not None:
            line = template.get_corresponding_lineno(tb.tb_lineno)
            where = f" ({template.filename or template.name}, line {line})"
        tb = tb.tb_next
    return where
