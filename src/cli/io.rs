//! Reading design files and writing outputs atomically.

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::args::ColorChoice;
use crate::source::Source;

/// Expands the command-line paths: `-` stays stdin, folders become their `.mlsd` files
/// (recursively, sorted), files stay as given.
pub(crate) fn expand(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" || !path.is_dir() {
            out.push(path.clone());
            continue;
        }
        let mut found = Vec::new();
        collect_dir(path, &mut found).with_context(|| format!("cannot read folder `{}`", path.display()))?;
        if found.is_empty() {
            bail!("no `.mlsd` files in `{}`", path.display());
        }
        found.sort();
        out.extend(found);
    }
    Ok(out)
}

fn collect_dir(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            collect_dir(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "mlsd") {
            out.push(path);
        }
    }
    Ok(())
}

/// Reads one design (`-` is standard input, shown as `<stdin>`).
pub(crate) fn read_source(path: &Path) -> Result<Source> {
    if path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).context("cannot read standard input")?;
        return Ok(Source::from_bytes("<stdin>", &bytes));
    }
    let bytes = std::fs::read(path).with_context(|| format!("cannot read `{}`", path.display()))?;
    Ok(Source::from_bytes(path.display().to_string(), &bytes).with_path(path))
}

/// Whether [`write_atomic`] flushes the data to the disk before the rename.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub(crate) enum Durability {
    /// Flush first: the user's own files.
    Flushed,
    /// No flush: outputs that can be made again.
    Regenerable,
}

/// Writes `contents` to `path` atomically: a temporary file in the same folder, then a rename,
/// so readers never see a half-written file. An existing file keeps its permissions (a new one
/// is readable by everyone, as `File::create` would make it under the usual umask), and a
/// symbolic link stays a link (its target is replaced).
///
/// With [`Durability::Flushed`] the data reaches the disk before the rename, so a crash of the
/// machine cannot leave an empty file in place of the old one: for files the user wrote
/// (`mlsd fmt`). Outputs that can be drawn again (SVG, PNG) skip that flush, which costs about
/// as much as drawing a 100-component design; they are still never seen half-written.
pub(crate) fn write_atomic(path: &Path, contents: &[u8], durability: Durability) -> Result<()> {
    use std::io::Write;
    let resolved;
    let path = if std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        resolved = std::fs::canonicalize(path).with_context(|| format!("cannot resolve `{}`", path.display()))?;
        resolved.as_path()
    } else {
        path
    };
    let permissions = std::fs::metadata(path).ok().map(|m| m.permissions());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".mlsd-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .with_context(|| format!("cannot create a temporary file in `{}`", dir.display()))?;
    tmp.write_all(contents).with_context(|| format!("cannot write `{}`", path.display()))?;
    let permissions = permissions.or_else(default_permissions);
    if let Some(permissions) = permissions {
        tmp.as_file().set_permissions(permissions).with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    if durability == Durability::Flushed {
        tmp.as_file().sync_all().ok();
    }
    tmp.persist(path).map_err(|e| e.error).with_context(|| format!("cannot write `{}`", path.display()))?;
    Ok(())
}

/// Permissions of a new output file (the temporary file starts private).
#[cfg(unix)]
fn default_permissions() -> Option<std::fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(std::fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<std::fs::Permissions> {
    None
}

/// Whether to colour output written to stdout.
pub(crate) fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            // NO_COLOR (no-color.org) always wins; CLICOLOR_FORCE asks for colour when piped.
            let set = |name: &str| std::env::var_os(name).is_some_and(|v| !v.is_empty() && v != "0");
            !set("NO_COLOR") && (set("CLICOLOR_FORCE") || std::io::stdout().is_terminal())
        }
    }
}
