fn main() {
    let a: Vec<String> = std::env::args().skip(1).collect();
    match beatplan::io::load_problem(a[0].as_ref(), a[1].as_ref(), a[2].as_ref()) {
        Ok(p) => {
            println!("ok: {} clients", p.clients.len());
            match beatplan::io::load_travel(&p) {
                Ok(_) => println!("travel ok"),
                Err(e) => println!("{e}"),
            }
        }
        Err(e) => println!("{e}"),
    }
}
