//! Writing an output file: never over one of the command's inputs, and
//! atomically, so a failure leaves the old file (or none), never half of a
//! new one.

use crate::failure::Failure;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

/// The path as the file system resolves it: canonical when it exists, else
/// its canonical directory joined with its name.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(path) = path.canonicalize() {
        return Some(path);
    }
    let name = path.file_name()?;
    let parent = match path.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    };
    Some(parent.canonicalize().ok()?.join(name))
}

/// Whether two existing paths are one file (hard links too).
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_: &Path, _: &Path) -> bool {
    false
}

/// Refuses an output that is one of `inputs`.
pub fn check_not_input(output: &Path, inputs: &[&Path]) -> Result<(), Failure> {
    let target = resolved(output);
    for input in inputs {
        let same = same_file(output, input) || (target.is_some() && target == resolved(input));
        if same {
            return Err(Failure::BadInput(format!(
                "{}: the output file is the input {}; write the output to another file",
                output.display(),
                input.display()
            )));
        }
    }
    Ok(())
}

/// Writes the file at `path` through `write`: into a temporary file in the
/// same directory, renamed over `path` only once everything is written and
/// synced. A path that is not a regular file (`/dev/stdout`, a pipe) is
/// written in place: renaming over it would replace the device.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), Failure> {
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file()) {
        let file = File::options()
            .write(true)
            .open(path)
            .map_err(|e| Failure::io(path, "open", e))?;
        let mut out = BufWriter::with_capacity(1 << 20, file);
        return write(&mut out)
            .and_then(|()| out.flush())
            .map_err(|e| Failure::io(path, "write", e));
    }
    let name = path
        .file_name()
        .ok_or_else(|| Failure::BadInput(format!("{}: not a file name", path.display())))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = path.with_file_name(temp_name);
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| Failure::io(path, "create", e))?;
    let mut out = BufWriter::with_capacity(1 << 20, file);
    let written = write(&mut out)
        .and_then(|()| out.into_inner().map_err(|e| e.into_error()))
        .and_then(|file| file.sync_all())
        .and_then(|()| std::fs::rename(&temp, path));
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        Failure::io(path, "write", e)
    })
}
