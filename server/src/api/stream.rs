//! Sending a file from disk a chunk at a time (document downloads, backup
//! archives), so a large one never sits in memory whole.

use actix_web::web;
use futures_util::stream::{self, Stream};
use std::io::Read;

const CHUNK: usize = 256 * 1024;

/// The bytes of `file`, read on the blocking pool in 256 KiB chunks.
pub fn file_body(file: std::fs::File) -> impl Stream<Item = Result<web::Bytes, std::io::Error>> {
    stream::unfold(Some(file), |file| async move {
        let mut file = file?;
        let read = web::block(move || {
            let mut buf = vec![0u8; CHUNK];
            let n = file.read(&mut buf)?;
            buf.truncate(n);
            Ok::<_, std::io::Error>((buf, file))
        })
        .await;
        match read {
            Ok(Ok((buf, _))) if buf.is_empty() => None,
            Ok(Ok((buf, file))) => Some((Ok(web::Bytes::from(buf)), Some(file))),
            Ok(Err(e)) => Some((Err(e), None)),
            Err(e) => Some((Err(std::io::Error::other(e.to_string())), None)),
        }
    })
}
