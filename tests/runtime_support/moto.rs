//! moto's S3 server for the task runtime tests (feature `s3`).

/// moto's S3 server on a free 127.0.0.1 port with the bucket `flyte-test`, stopped on drop;
/// `None` (said loudly) with FLYTE_TYPES_NO_S3=1. The executable: `$FLYTE_TYPES_MOTO_SERVER`,
/// else what scripts/setup-s3.sh installs.
pub struct Moto {
    child: std::process::Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Option<Moto> {
        use std::io::{Read, Write};
        use std::net::{TcpListener, TcpStream};
        use std::time::{Duration, Instant};
        if std::env::var("FLYTE_TYPES_NO_S3").is_ok_and(|v| v == "1") {
            eprintln!("=== SKIPPED: the S3 run of the task (FLYTE_TYPES_NO_S3=1) ===");
            return None;
        }
        let exe = std::env::var("FLYTE_TYPES_MOTO_SERVER").unwrap_or_else(|_| {
            let out = std::process::Command::new("bash")
                .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/setup-s3.sh"))
                .output()
                .expect("scripts/setup-s3.sh");
            String::from_utf8(out.stdout).unwrap().trim().to_string()
        });
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = std::process::Command::new(&exe)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start {exe}: {e}"));
        let moto = Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        };
        let deadline = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto_server did not listen within 60 s"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        let request = format!(
            "PUT /flyte-test HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
        s.write_all(request.as_bytes()).unwrap();
        let mut reply = String::new();
        let _ = s.read_to_string(&mut reply);
        assert!(reply.starts_with("HTTP/1.1 200"), "create bucket: {reply}");
        Some(moto)
    }

    /// The environment both Flyte 2 and this crate read for S3 (`FLYTE_AWS_*`).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        vec![
            ("FLYTE_AWS_ENDPOINT", self.endpoint.clone()),
            ("FLYTE_AWS_ACCESS_KEY_ID", "testing".into()),
            ("FLYTE_AWS_SECRET_ACCESS_KEY", "testing".into()),
            ("AWS_REGION", "us-east-1".into()),
            ("AWS_DEFAULT_REGION", "us-east-1".into()),
        ]
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
